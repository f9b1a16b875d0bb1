package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestCommandMatchesRunScriptFlags(t *testing.T) {
	opts, err := structpb.NewStruct(map[string]any{"typescript": false, "nodeargs": "--trace-warnings"})
	if err != nil {
		t.Fatal(err)
	}
	req := &pulumirpc.RunRequest{
		MonitorAddress: "127.0.0.1:1", Project: "p", Stack: "dev", Organization: "organization",
		Pwd: "/prog", Program: "index.mts", DryRun: true, Parallel: 8,
		Config:           map[string]string{"p:k": "v"},
		ConfigSecretKeys: []string{"p:k"},
		Info:             &pulumirpc.ProgramInfo{RootDirectory: "/root", ProgramDirectory: "/prog", Options: opts},
	}
	o := overlay(options{typescript: true}, req.GetInfo().GetOptions())
	args, env, err := command(req, o, "/m/run", "127.0.0.1:2", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"--trace-warnings", "/m/run", "--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2",
		"--organization", "organization", "--project", "p", "--root-directory", "/root", "--stack", "dev",
		"--pwd", "/prog", "--dry-run", "--parallel", "8", "index.mts",
	}
	if !slices.Equal(args, want) {
		t.Errorf("args\n got %q\nwant %q", args, want)
	}
	wantEnv := []string{
		`PULUMI_CONFIG={"p:k":"v"}`, `PULUMI_CONFIG_SECRET_KEYS=["p:k"]`, "PULUMI_NODEJS_TYPESCRIPT=false",
	}
	if !slices.Equal(env, wantEnv) {
		t.Errorf("env\n got %q\nwant %q", env, wantEnv)
	}
}

func TestCommandDefaults(t *testing.T) {
	args, env, err := command(&pulumirpc.RunRequest{MonitorAddress: "m"}, options{typescript: true}, "run", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"run", "--monitor", "m", "."}; !slices.Equal(args, want) {
		t.Errorf("args %q, want %q", args, want)
	}
	if want := []string{"PULUMI_CONFIG={}", "PULUMI_CONFIG_SECRET_KEYS=[]", "PULUMI_NODEJS_TYPESCRIPT=true"}; !slices.Equal(env, want) {
		t.Errorf("env %q, want %q", env, want)
	}
}

// Exit code 32 means the program already showed its error: the engine must bail without another message.
func TestRunResultExitCodes(t *testing.T) {
	sh := func(code string) error { return exec.Command("sh", "-c", "exit "+code).Run() }
	if r := runResult(nil); r.Bail || r.Error != "" {
		t.Errorf("success: %v", r)
	}
	if r := runResult(sh("32")); !r.Bail || r.Error != "" {
		t.Errorf("exit 32: %v", r)
	}
	if r := runResult(sh("1")); r.Bail || r.Error != "Program exited with non-zero exit code: 1" {
		t.Errorf("exit 1: %v", r)
	}
}

// Run end to end against a stand-in `node` that records its arguments and environment.
func TestRunSpawnsNode(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	fake := "#!/bin/sh\necho \"$@ $PULUMI_CONFIG $PULUMI_NODEJS_TYPESCRIPT\" > " + out + "\nexit 32\n"
	if err := os.WriteFile(filepath.Join(dir, "node"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH", "/m/run")
	h := &host{defaults: options{typescript: true}, engine: "e"}
	resp, err := h.Run(context.Background(), &pulumirpc.RunRequest{MonitorAddress: "m", Pwd: dir, Program: "i.mts"})
	if err != nil || !resp.Bail {
		t.Fatalf("Run: %v %v", resp, err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "/m/run --monitor m --engine e --pwd " + dir + " i.mts {} true\n"; string(got) != want {
		t.Errorf("node saw %q, want %q", got, want)
	}
}

// The engine's gRPC endpoint goes away (the CLI was killed): the watcher fires within a few intervals.
func TestWatchEngineFiresWhenTheEngineStopsAnswering(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := grpc.NewServer()
	go func() { _ = server.Serve(lis) }()
	h := &host{engine: lis.Addr().String()}
	fired := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.watchEngine(ctx, os.Getppid(), 50*time.Millisecond, func(reason string) { fired <- reason })

	select {
	case reason := <-fired:
		t.Fatalf("fired while the engine was up: %s", reason)
	case <-time.After(400 * time.Millisecond):
	}
	server.Stop()
	select {
	case reason := <-fired:
		if !strings.Contains(reason, "stopped answering") {
			t.Errorf("reason %q", reason)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher did not notice that the engine stopped")
	}
}

// Re-parented (the engine process died): the watcher fires at the first check.
func TestWatchEngineFiresWhenTheParentChanges(t *testing.T) {
	h := &host{}
	fired := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.watchEngine(ctx, os.Getppid()+100000, 10*time.Millisecond, func(reason string) { fired <- reason })
	select {
	case reason := <-fired:
		if !strings.Contains(reason, "engine process") {
			t.Errorf("reason %q", reason)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the watcher did not notice the new parent")
	}
}

// killPrograms ends a running program at once.
func TestKillProgramsEndsARunningProgram(t *testing.T) {
	h := &host{}
	cmd := exec.Command("sleep", "30")
	done := make(chan error, 1)
	go func() { done <- h.runProgram(cmd) }()
	deadline := time.Now().Add(2 * time.Second)
	for {
		h.mu.Lock()
		n := len(h.programs)
		h.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("program not registered")
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.killPrograms()
	select {
	case err := <-done:
		if r := runResult(err); r.Error == "" {
			t.Errorf("a killed program must be an error: %v", r)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the program survived killPrograms")
	}
}
