//go:build unix

package opinion

import (
	"os/exec"
	"syscall"
)

// ownGroup puts a renderer in a process group of its own, so that closing
// it ends its helper processes too, and nothing else.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup ends the process group ownGroup made for cmd.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
