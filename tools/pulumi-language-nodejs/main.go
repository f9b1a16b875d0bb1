// pulumi-language-nodejs is a minimal Pulumi language host for Node.js programs.
//
// Why it exists: Pulumi's own host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// is not served by the Go module proxy, and the official binaries cannot be downloaded on machines that only
// reach package registries. tools/pulumi-cli.sh builds this host instead. It implements the part of the
// pulumirpc.LanguageRuntime service that `pulumi preview/up/refresh/destroy` use: it runs the program with
// @pulumi/pulumi's own `cmd/run` script, the way Pulumi's host does. Everything else (templates, codegen,
// dependency installation, plugin packs) is left Unimplemented; the CLI tolerates that outside `pulumi new`,
// `pulumi install`, `pulumi about` and `pulumi package`.
//
// Usage (the CLI starts it as a plugin): pulumi-language-nodejs [flags] <engine address>
// Like every Pulumi plugin it prints the port it listens on as the first line of stdout.
//
// It never outlives the engine: when the `pulumi` process that started it dies (a CI runner's SIGKILL gives it no
// chance to stop its plugins), this host notices — its parent changes, or the engine stops answering health
// checks — kills the program it runs and exits (watchEngine). The program's node process also gets SIGKILL from
// the kernel if this host dies first (Pdeathsig, Linux). Without this, a killed `pulumi up` left the host and its
// node program running with no engine.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// exitAlreadyReported is the exit code @pulumi/pulumi's run script uses after it has itself shown the error to
// the user (cmd/run/index.ts); the engine then must not print another message, which RunResponse.Bail asks for.
const exitAlreadyReported = 32

// options are the Pulumi.yaml `runtime.options` this host honours. They can also be given as flags, as older
// CLIs did; the options in the RunRequest win.
type options struct {
	typescript bool   // false: run the program as is (here: Node 24 type stripping), not through ts-node
	tsconfig   string // PULUMI_NODEJS_TSCONFIG_PATH for ts-node
	nodeargs   string // extra arguments for node, split on whitespace
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	defaults options
	tracing  string

	mu       sync.Mutex
	engine   string                 // engine address: the positional argument, or the one sent by Handshake
	programs map[*exec.Cmd]struct{} // node processes running a program, killed when the engine goes away
}

// engineCheckInterval is how often the host checks that the engine is still there (parent process and health).
const engineCheckInterval = time.Second

func main() {
	var h host
	// -v and -logtostderr, which the CLI adds when it logs verbosely, are glog flags registered by the
	// logging package on flag.CommandLine.
	flag.StringVar(&h.tracing, "tracing", "", "Zipkin-compatible tracing endpoint, passed on to the program")
	flag.BoolVar(&h.defaults.typescript, "typescript", true, "run the program through ts-node")
	flag.StringVar(&h.defaults.tsconfig, "tsconfig", "", "tsconfig.json for ts-node")
	flag.StringVar(&h.defaults.nodeargs, "nodeargs", "", "extra arguments for node")
	flag.String("root", "", "project root (accepted for compatibility; the RunRequest carries it)")
	flag.Parse()
	logging.InitLogging(false, 0, false)
	h.engine = flag.Arg(0)

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, &h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The CLI reads this first line to connect.
	fmt.Printf("%d\n", handle.Port)
	go h.watchEngine(context.Background(), os.Getppid(), engineCheckInterval, func(reason string) {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %s; stopping the program and exiting\n", reason)
		h.killPrograms()
		os.Exit(1)
	})
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

// Handshake is the newer way for the engine to pass its address; record it for Run.
func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engine = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the version this binary was built as (set with -X like the CLI's).
func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPlugins and GetRequiredPackages report nothing: the only provider these programs use is the
// dynamic provider `pulumi-nodejs`, a plugin bundled next to the CLI, and reporting nothing means the engine
// never tries to download one (there is no network here).
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// About names the node that runs programs; the CLI records it in the update's metadata.
func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find node on the $PATH")
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s --version: %w", node, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// Run executes the program with `node <@pulumi/pulumi>/cmd/run <flags> <program> <args>`, which connects back
// to the engine's resource monitor itself. The program's stdout and stderr go to ours, which the CLI shows.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find node on the $PATH")
	}
	dir := programDir(req)
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		// Resolve the run script the way node would from the program: the program's own @pulumi/pulumi must
		// run it, since the SDK keeps process-wide state (one copy of the runtime per program).
		runPath, err = resolveFrom(ctx, node, dir, "@pulumi/pulumi/cmd/run")
		if err != nil {
			return nil, fmt.Errorf("could not find @pulumi/pulumi from %s; have you run npm install? %w", dir, err)
		}
	}
	h.mu.Lock()
	engine := h.engine
	h.mu.Unlock()

	args, env, err := command(req, h.optionsFor(req), runPath, engine, h.tracing)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	return runResult(h.runProgram(cmd)), nil
}

// runProgram runs node until it exits, registered so that watchEngine can kill it. On Linux the kernel also sends
// it SIGKILL if this host dies (Pdeathsig, see pdeathsig_linux.go); Pdeathsig follows the OS thread that started
// the child, so this goroutine stays on its thread until the child has exited.
func (h *host) runProgram(cmd *exec.Cmd) error {
	unlock := lockThreadForChild(cmd)
	defer unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	h.mu.Lock()
	if h.programs == nil {
		h.programs = map[*exec.Cmd]struct{}{}
	}
	h.programs[cmd] = struct{}{}
	h.mu.Unlock()
	err := cmd.Wait()
	h.mu.Lock()
	delete(h.programs, cmd)
	h.mu.Unlock()
	return err
}

// killPrograms sends SIGKILL to every running program.
func (h *host) killPrograms() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.programs {
		_ = cmd.Process.Kill()
	}
}

// watchEngine calls gone (once) when the engine has gone away: this process was re-parented (the `pulumi` process
// that started it died), or the engine's gRPC endpoint stopped answering health checks (Pulumi's own
// rpcutil.Healthcheck, which the official plugins use). It checks every interval until ctx ends.
func (h *host) watchEngine(ctx context.Context, ppid int, interval time.Duration, gone func(reason string)) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var once sync.Once
	fire := func(reason string) { once.Do(func() { gone(reason) }) }
	healthStarted := false
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		if os.Getppid() != ppid {
			fire(fmt.Sprintf("the engine process (pid %d) is gone", ppid))
			return
		}
		h.mu.Lock()
		engine := h.engine
		h.mu.Unlock()
		if !healthStarted && engine != "" {
			healthStarted = true
			healthCtx, healthCancel := context.WithCancel(ctx)
			if err := rpcutil.Healthcheck(healthCtx, engine, interval, healthCancel); err != nil {
				healthCancel()
				continue
			}
			go func() {
				<-healthCtx.Done()
				if ctx.Err() == nil {
					fire(fmt.Sprintf("the engine at %s stopped answering", engine))
				}
			}()
		}
	}
}

// runResult maps how node ended to the RunResponse the engine expects.
func runResult(err error) *pulumirpc.RunResponse {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}
	case errors.As(err, &exit) && exit.ExitCode() == exitAlreadyReported:
		return &pulumirpc.RunResponse{Bail: true}
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exit)}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run node): %v", err)}
	}
}

// command builds node's arguments and the extra environment for a RunRequest (pure, for tests).
func command(req *pulumirpc.RunRequest, opts options, runPath, engine, tracing string) ([]string, []string, error) {
	args := strings.Fields(opts.nodeargs)
	args = append(args, runPath)
	add := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engine)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", req.GetInfo().GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() != 0 {
		add("parallel", fmt.Sprint(req.GetParallel()))
	}
	add("tracing", tracing)
	program := req.GetProgram()
	if program == "" {
		program = "." // run.ts then uses package.json's exports/main
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	// @pulumi/pulumi reads the stack config from the environment (runtime/config.ts).
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, nil, fmt.Errorf("serializing config: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, nil, fmt.Errorf("serializing secret config keys: %w", err)
	}
	env := []string{
		"PULUMI_CONFIG=" + string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretJSON),
		// Set either way so that a value inherited from the caller's environment cannot turn ts-node on.
		"PULUMI_NODEJS_TYPESCRIPT=" + fmt.Sprint(opts.typescript),
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return args, env, nil
}

// optionsFor overlays the request's runtime options on the flag defaults.
func (h *host) optionsFor(req *pulumirpc.RunRequest) options {
	return overlay(h.defaults, req.GetInfo().GetOptions())
}

func overlay(opts options, given *structpb.Struct) options {
	fields := given.GetFields()
	if v, ok := fields["typescript"]; ok {
		if b, isBool := v.GetKind().(*structpb.Value_BoolValue); isBool {
			opts.typescript = b.BoolValue
		}
	}
	if v, ok := fields["tsconfig"]; ok && v.GetStringValue() != "" {
		opts.tsconfig = v.GetStringValue()
	}
	if v, ok := fields["nodeargs"]; ok && v.GetStringValue() != "" {
		opts.nodeargs = v.GetStringValue()
	}
	return opts
}

// programDir is where the program lives: node resolution of @pulumi/pulumi starts there.
func programDir(req *pulumirpc.RunRequest) string {
	if d := req.GetInfo().GetProgramDirectory(); d != "" {
		return d
	}
	if d := req.GetPwd(); d != "" {
		return d
	}
	d, _ := os.Getwd()
	return d
}

// resolveFrom asks node for require.resolve(module) as seen from dir.
func resolveFrom(ctx context.Context, node, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, node, "-e", "console.log(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
