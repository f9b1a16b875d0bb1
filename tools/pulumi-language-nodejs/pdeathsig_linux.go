package main

import (
	"os/exec"
	"runtime"
	"syscall"
)

// lockThreadForChild asks the kernel to SIGKILL the child when this host dies (PR_SET_PDEATHSIG). The signal
// follows the OS thread that forked the child, not the process, so the calling goroutine is locked to its thread
// until the returned function is called (after the child has exited).
func lockThreadForChild(cmd *exec.Cmd) func() {
	runtime.LockOSThread()
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	return runtime.UnlockOSThread
}
