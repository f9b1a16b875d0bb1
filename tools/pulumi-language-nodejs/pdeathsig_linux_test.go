package main

import (
	"os/exec"
	"syscall"
	"testing"
)

// The kernel kills the program with SIGKILL when the host dies.
func TestProgramsGetPdeathsig(t *testing.T) {
	cmd := exec.Command("true")
	unlock := lockThreadForChild(cmd)
	defer unlock()
	if cmd.SysProcAttr == nil || cmd.SysProcAttr.Pdeathsig != syscall.SIGKILL {
		t.Fatalf("SysProcAttr = %+v, want Pdeathsig SIGKILL", cmd.SysProcAttr)
	}
}
