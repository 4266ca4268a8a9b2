package level

import (
	"errors"
	"strconv"
	"strings"
)

// Error is a problem found in a level package. Its text reads
// "<path>/<file>:<line>: <msg>", without ":<line>" when Line is 0 and without
// "/<file>" when the problem concerns the whole package.
type Error struct {
	// Path is the folder or .arcade file as given by the caller.
	Path string
	// File is the slash-separated name inside the package, or "".
	File string
	// Line is the 1-based line in File, or 0 when unknown.
	Line int
	// Msg says which rule was broken.
	Msg string
	// Err is the underlying error, if any (zip, TOML, JSON, I/O).
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.File != "" {
		if e.Path != "" && !strings.HasSuffix(e.Path, "/") {
			b.WriteByte('/')
		}
		b.WriteString(e.File)
	}
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// maxErrors bounds how many problems one load reports.
const maxErrors = 20

// problems collects the errors found in one package, in the order found.
type problems struct {
	path string
	list []error
	full bool
}

// add records a problem with file, line and message.
func (p *problems) add(file string, line int, msg string, err error) {
	if p.full {
		return
	}
	if len(p.list) == maxErrors {
		p.list = append(p.list, &Error{Path: p.path, Msg: "too many errors"})
		p.full = true
		return
	}
	p.list = append(p.list, &Error{Path: p.path, File: file, Line: line, Msg: msg, Err: err})
}

// addf records a problem without an underlying error.
func (p *problems) addf(file string, line int, msg string) { p.add(file, line, msg, nil) }

// err returns nil, the single *Error, or all of them joined.
func (p *problems) err() error {
	switch len(p.list) {
	case 0:
		return nil
	case 1:
		return p.list[0]
	}
	return errors.Join(p.list...)
}

func (p *problems) any() bool { return len(p.list) > 0 }
