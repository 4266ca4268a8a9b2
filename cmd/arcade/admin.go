package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/communs-arcade/arcade/server/protocol/api"
)

// adminUsage lists the moderation commands.
const adminUsage = `admin commands:
  reports [--all]            open reports (--all: settled ones too)
  audit                      the moderation log, newest first
  hide ID                    hide a level until restored
  restore ID                 list a level again and settle its reports
  delete ID                  delete a level (its id stays taken)
  ban ID | --player-token T  ban a level's owner (or a token): levels hidden, uploads refused
  unban ID | --player-token T`

func cmdAdmin(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	server := fs.String("server", defaultServer, "the server to moderate")
	tokenFile := fs.String("token-file", "", "the admin token: the file admin-token in the server's data folder")
	all := fs.Bool("all", false, "reports: settled ones too")
	note := fs.String("note", "", "the reason, kept in the audit log")
	playerToken := fs.String("player-token", "", "ban, unban: a player's token (base64url) instead of a level's owner")
	fs.SetOutput(io.Discard)
	var pos []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return usageError{err.Error() + "\n" + adminUsage}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *tokenFile == "" {
		return usageError{"--token-file is required (the server writes it in its data folder: data/admin-token)"}
	}
	if len(pos) == 0 {
		return usageError{"which command?\n" + adminUsage}
	}
	tok, err := readTokenFile(*tokenFile)
	if err != nil {
		return fmt.Errorf("arcade admin: %w", err)
	}
	c, err := newAPIClient(*server, tok)
	if err != nil {
		return err
	}
	want := func(n int) error {
		if len(pos) != n+1 {
			return usageError{fmt.Sprintf("%s wants %d argument(s)\n%s", pos[0], n, adminUsage)}
		}
		return nil
	}
	body := func(v any) io.Reader {
		b, _ := json.Marshal(v)
		return bytes.NewReader(b)
	}
	switch cmd := pos[0]; cmd {
	case "reports":
		if err := want(0); err != nil {
			return err
		}
		path := api.PathReportsA
		if *all {
			path += "?all=1"
		}
		var rs []api.AdminReport
		if err := c.do(http.MethodGet, path, "", nil, &rs); err != nil {
			return refused("admin", err)
		}
		if len(rs) == 0 {
			fmt.Fprintln(stdout, "no report")
		}
		for _, r := range rs {
			state := "open"
			if !r.Open {
				state = "settled"
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%q\n", r.ID, r.At.Format("2006-01-02 15:04"), r.Level, r.Reason, r.Reporter, state, r.Note)
		}
	case "audit":
		if err := want(0); err != nil {
			return err
		}
		var as []api.AuditEntry
		if err := c.do(http.MethodGet, api.PathAuditA, "", nil, &as); err != nil {
			return refused("admin", err)
		}
		for _, a := range as {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%q\n", a.ID, a.At.Format("2006-01-02 15:04"), a.Action, a.Level, a.Player, a.Note)
		}
	case "hide", "restore", "delete":
		if err := want(1); err != nil {
			return err
		}
		path := strings.NewReplacer("{id}", url.PathEscape(pos[1]), "{action}", cmd).Replace(api.PathModerate)
		if err := c.do(http.MethodPost, path, "application/json", body(api.ModerateRequest{Note: *note}), nil); err != nil {
			return refused("admin", err)
		}
		fmt.Fprintf(stdout, "%s: %s done\n", pos[1], cmd)
	case "ban", "unban":
		req := api.BanRequest{Token: *playerToken, Note: *note}
		if req.Token == "" {
			if err := want(1); err != nil {
				return err
			}
			req.Level = pos[1]
		} else if err := want(0); err != nil {
			return err
		}
		method := http.MethodPost
		if cmd == "unban" {
			method = http.MethodDelete
		}
		if err := c.do(method, api.PathBans, "application/json", body(req), nil); err != nil {
			return refused("admin", err)
		}
		fmt.Fprintf(stdout, "%s done\n", cmd)
	default:
		return usageError{fmt.Sprintf("unknown admin command %q\n%s", cmd, adminUsage)}
	}
	return nil
}
