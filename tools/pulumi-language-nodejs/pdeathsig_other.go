//go:build !linux

package main

import "os/exec"

// lockThreadForChild: no parent-death signal outside Linux; watchEngine still kills the program when the engine
// goes away.
func lockThreadForChild(*exec.Cmd) func() { return func() {} }
