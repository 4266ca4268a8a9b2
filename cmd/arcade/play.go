package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/game"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

// cmdPlay opens the game in a window: on the title, or straight into a level.
func cmdPlay(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("play", flag.ContinueOnError)
	frames := fs.Int("frames", 0, "quit after this many ticks (0: play until the window closes)")
	shot := fs.String("screenshot", "", "with --frames, save the last frame as this PNG")
	inputsFile := fs.String("inputs", "", "play these inputs instead of reading the devices (see arcade sim)")
	watchDir := fs.Bool("watch", false, "reload the level each time a file of its folder changes (PATH must be a folder)")
	server := fs.String("server", "", "score server, e.g. localhost:8080 or https://host (remembered; \"off\" forgets it and plays offline)")
	var pos []string
	var err error
	// PATH is optional: without it the game opens on its title screen.
	if pos, err = parse(fs, args, 1, "PATH"); err != nil {
		if pos, err = parse(fs, args, 0, "no argument or PATH"); err != nil {
			return err
		}
	}
	if *shot != "" && *frames <= 0 {
		return usageError{"--screenshot needs --frames N"}
	}
	if *server != "" && *server != "off" {
		if _, err := online.ServerURL(*server); err != nil {
			return usageError{err.Error()}
		}
	}
	store, err := game.DefaultStore()
	if err != nil {
		fmt.Fprintln(stderr, err)
	}
	opts := game.Options{
		Levels:    levels.FS,
		Library:   scripts.FS,
		Store:     store,
		Lang:      game.SystemLanguage(),
		ExitAfter: *frames,
		Server:    *server,
		// Given on the command line, the server is the player's setting
		// from now on: `arcade play` alone connects to it again.
		SaveServer: *server != "",
		Net:        online.Config{Name: "desktop/" + session.EngineVersion},
	}
	if *frames > 0 {
		opts.Store = nil // a scripted run leaves the player's saved data alone
	}
	if *watchDir && (len(pos) != 1 || !isDir(pos[0])) {
		return usageError{"--watch needs a level folder as PATH"}
	}
	if len(pos) == 1 && !*watchDir {
		if opts.Level, err = level.Load(pos[0]); err != nil {
			return err
		}
	}
	if *watchDir {
		// The watcher sends the level first, or why it does not load: the
		// window opens either way and shows it.
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		opts.Reload = watch(ctx, pos[0])
	}
	if *inputsFile != "" {
		f, err := os.Open(*inputsFile)
		if err != nil {
			return err
		}
		opts.Inputs, err = replay.ParseInputs(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *inputsFile, err)
		}
	}
	var shotErr error
	if *shot != "" {
		opts.Screenshot = func(img *image.RGBA) { shotErr = writePNG(*shot, img) }
	}
	g, err := game.New(opts)
	if err != nil {
		return err
	}
	defer g.Close()
	if err := game.Run(g); err != nil {
		return err
	}
	return shotErr
}

// writePNG saves img atomically (see writeFileAtomic).
func writePNG(path string, img image.Image) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}
