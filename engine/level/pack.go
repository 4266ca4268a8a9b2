package level

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// packTime is the modification time of every packed entry, so that the
// same level always packs to the same bytes.
var packTime = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Pack writes l as a sealed .arcade zip: entries in name order, deflated,
// with a fixed time and mode, no directory entries, and the level's
// content hash in the zip comment ("communs-arcade content-sha256=<hex>"),
// which LoadZip checks. The same level always packs to the same bytes with
// the same Go release (compress/flate's output may change between
// releases; the content hash never does). The result is built in memory
// and loaded back before anything is written, so a packed level always
// loads (and fails here, not on upload, when it breaks a limit of
// archives such as MaxArchiveSize or MaxRatio).
func Pack(l *Level, w io.Writer) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.SetComment(sealComment(l.hash)); err != nil {
		return fmt.Errorf("level: packing: %w", err)
	}
	for _, f := range l.files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: packTime}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("level: packing %s: %w", f.Name, err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			return fmt.Errorf("level: packing %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("level: packing: %w", err)
	}
	name := l.Path
	if !strings.HasSuffix(name, Ext) {
		name += Ext
	}
	if _, err := LoadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), name); err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("level: writing %s: %w", name, err)
	}
	return nil
}
