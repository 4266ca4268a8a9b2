package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/communs-arcade/arcade/engine/level"
)

// cmdPack writes a level as a sealed .arcade package, the file
// `arcade publish` uploads: it refuses what `arcade check` refuses, and
// the same level always packs to the same bytes.
func cmdPack(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pack", flag.ContinueOnError)
	out := fs.String("o", "", "write the package to FILE (default: <id>-<version>"+level.Ext+" in the current folder)")
	pos, err := parse(fs, args, 1, "DIR")
	if err != nil {
		return err
	}
	if *out != "" && !strings.HasSuffix(strings.ToLower(*out), level.Ext) {
		return usageError{fmt.Sprintf("-o %s: a package's name ends with %s", *out, level.Ext)}
	}
	lvl, err := level.Load(pos[0])
	if err != nil {
		return err
	}
	if _, err := checkLevel(lvl, checkTicks, nil); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := level.Pack(lvl, &buf); err != nil {
		return err
	}
	name := *out
	if name == "" {
		name = fmt.Sprintf("%s-%d%s", lvl.Manifest.ID, lvl.Manifest.Version, level.Ext)
	}
	if err := writeFileAtomic(name, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "packed %s %d bytes sha256=%x\n", name, buf.Len(), sha256.Sum256(buf.Bytes()))
	return nil
}
