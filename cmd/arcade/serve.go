package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/communs-arcade/arcade/server/web"
)

// shutdownGrace is how long serve waits for requests in flight (a .wasm
// download on a slow school network) once asked to stop.
const shutdownGrace = 10 * time.Second

func cmdServe(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs the server until ctx is done, then shuts it down gracefully.
// It prints "serving http://HOST:PORT" once it listens, with the port
// actually bound (--addr :0 picks a free one).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", ":8080", "address to listen on, host:port (port 0 picks a free port)")
	data := fs.String("data", "./data", "folder for the server's data, created if missing")
	webDir := fs.String("web", "wasm/dist", "folder of the web build (make wasm)")
	if _, err := parse(fs, args, 0, "no argument"); err != nil {
		return err
	}
	if st, err := os.Stat(filepath.Join(*webDir, "index.html")); err != nil || !st.Mode().IsRegular() {
		return fmt.Errorf("arcade serve: no web build in %s (index.html missing): run `make wasm` first, or pass --web DIR", *webDir)
	}
	root, err := os.OpenRoot(*webDir)
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	defer root.Close()
	if err := os.MkdirAll(*data, 0o750); err != nil {
		return fmt.Errorf("arcade serve: data folder: %w", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	srv := &http.Server{
		Handler:           web.New(root.FS()),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "serving %s\n", displayURL(ln.Addr()))

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("arcade serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "arcade serve: stopping")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("arcade serve: shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("arcade serve: %w", err)
	}
	return nil
}

// displayURL is the address to open in a browser for a listener bound to
// addr: localhost when it listens on every interface.
func displayURL(addr net.Addr) string {
	host, port := "localhost", ""
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = fmt.Sprint(tcp.Port)
		if tcp.IP != nil && !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	} else if h, p, err := net.SplitHostPort(addr.String()); err == nil {
		host, port = h, p
	}
	return "http://" + net.JoinHostPort(host, port)
}
