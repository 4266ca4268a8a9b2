package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/communs-arcade/arcade/server/verify"
)

// cmdVerifyWorker is one process of the server's verification pool
// (server/verify): framed requests on stdin, framed answers on stdout,
// until stdin closes. It limits its own memory first; each request then
// sets its CPU limit. It is not meant to be run by hand.
func cmdVerifyWorker(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify-worker", flag.ContinueOnError)
	memory := fs.Int64("memory", verify.DefaultWorkerMemory>>20, "memory limit in MiB")
	packages := fs.String("packages", "", "folder of community level packages (the server's data/packages)")
	if _, err := parse(fs, args, 0, "no argument"); err != nil {
		return err
	}
	if *memory <= 0 || *memory > 1<<20 {
		return usageError{"--memory must be between 1 and 1048576 MiB"}
	}
	if err := verify.LimitMemory(*memory << 20); err != nil {
		return err
	}
	// stdout carries the protocol alone: anything else printing there by
	// mistake would corrupt a frame, so it goes to stderr instead.
	os.Stdout = os.Stderr
	lib := verify.Builtin()
	if *packages != "" {
		// Packages are read through an os.Root: a name cannot leave the folder.
		root, err := os.OpenRoot(*packages)
		if err != nil {
			return fmt.Errorf("verify-worker: %w", err)
		}
		defer root.Close()
		lib.Packages = root.FS()
	}
	return verify.Serve(context.Background(), os.Stdin, stdout, lib)
}
