package classes

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/server/protocol/api"
)

// CSV export: what opens in LibreOffice Calc (and Excel) with accents
// intact and in columns without an import dialog choice:
//   - UTF-8 with a byte order mark, which both take as "this is UTF-8"
//     (without it, Excel reads Windows-1252 and « Zoé » becomes « ZoÃ© »);
//   - ";" between fields: the separator of French spreadsheets, where ","
//     is the decimal comma; LibreOffice's import dialog ticks it by default
//     on a ";"-file as well;
//   - CRLF line ends (RFC 4180);
//   - a cell that would start a formula (=, +, -, @) gets a leading "'"
//     (OWASP's CSV injection advice), though pseudonym rules already keep
//     those characters out of names.
//
// One line per pupil: pseudonym, then for each level its status, best
// score and attempts, then the time of their last progress (RFC 3339, UTC).

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

// WriteCSV writes a class's dashboard as CSV.
func WriteCSV(w io.Writer, d api.ClassProgress) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	head := []string{"pseudonym"}
	for _, l := range d.Class.Levels {
		head = append(head, l+" status", l+" best", l+" attempts")
	}
	head = append(head, "last_progress")
	cw.Write(head)
	for _, p := range d.Pupils {
		line := []string{cell(p.Pseudonym)}
		for _, l := range p.Levels {
			line = append(line, l.Status, strconv.FormatInt(l.Best, 10), strconv.Itoa(l.Attempts))
		}
		last := ""
		if p.LastProgressAt != nil {
			last = p.LastProgressAt.UTC().Format(time.RFC3339)
		}
		cw.Write(append(line, last))
	}
	cw.Flush()
	return cw.Error()
}

// cell defuses a text cell that a spreadsheet would take for a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
