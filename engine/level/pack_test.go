package level

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// packBytes packs l and returns the zip.
func packBytes(t testing.TB, l *Level) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Pack(l, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rezip writes the files of a zip again, in the same order, with comment.
func rezip(t testing.TB, data []byte, comment string, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var fs files
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		fs = append(fs, File{Name: f.Name, Data: edit(f.Name, b.Bytes())})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.SetComment(comment)
	for _, f := range fs {
		w, _ := zw.Create(f.Name)
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func keep(_ string, b []byte) []byte { return b }

// TestPackDeterministic: the same level packs to the same bytes however
// it was loaded, and the package is sealed with its content hash.
func TestPackDeterministic(t *testing.T) {
	rich := richFiles(t)
	fromZip, err := loadFiles(t, rich)
	if err != nil {
		t.Fatal(err)
	}
	// The same files in another order, loaded again.
	reversed := make(files, len(rich))
	for i, f := range rich {
		reversed[len(rich)-1-i] = f
	}
	other, err := loadFiles(t, reversed)
	if err != nil {
		t.Fatal(err)
	}
	first := packBytes(t, fromZip)
	for _, l := range []*Level{fromZip, other} {
		if got := packBytes(t, l); !bytes.Equal(got, first) {
			t.Fatal("the same level packed to different bytes")
		}
	}
	packed, err := loadZipBytes(first)
	if err != nil {
		t.Fatal(err)
	}
	if !packed.Sealed() || fromZip.Sealed() {
		t.Fatalf("Sealed() = %v for the packed level, %v for a plain zip; want true, false", packed.Sealed(), fromZip.Sealed())
	}
	if !bytes.Equal(packBytes(t, packed), first) {
		t.Fatal("repacking a packed level changed its bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	h := fromZip.ContentHash()
	if want := "communs-arcade content-sha256=" + hex.EncodeToString(h[:]); zr.Comment != want {
		t.Fatalf("comment %q, want %q", zr.Comment, want)
	}
	// From a folder, too: the template scaffolded into memory.
	tpl, err := LoadFS(template, "template")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := packBytes(t, tpl), packBytes(t, tpl); !bytes.Equal(a, b) {
		t.Fatal("the template packed to different bytes twice")
	}
}

func TestSeal(t *testing.T) {
	l, err := loadFiles(t, templateFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	packed := packBytes(t, l)
	h := l.ContentHash()
	seal := "communs-arcade content-sha256=" + hex.EncodeToString(h[:])
	changeMain := func(name string, b []byte) []byte {
		if name == "main.lua" {
			return append(bytes.Clone(b), "\n-- changed\n"...)
		}
		return b
	}
	added := rezip(t, zipFiles(t, templateFiles(t).set("extra.txt", "x")), seal, keep)
	tests := []struct {
		name    string
		zip     []byte
		sealed  bool
		rule    string
		wantErr string
	}{
		{"packed", packed, true, "", ""},
		{"repacked by another zip tool", rezip(t, packed, seal, keep), true, "", ""},
		{"seal in a later format", rezip(t, packed, "communs-arcade v=2 "+seal[len("communs-arcade "):]+" more=1", keep), true, "", ""},
		{"no comment", rezip(t, packed, "", keep), false, "", ""},
		{"foreign comment", rezip(t, packed, "made with zip 3.0", keep), false, "", ""},
		{"changed file", rezip(t, packed, seal, changeMain), false, RuleChangedAfterPacking,
			"levels/demo.arcade: the package was changed after packing: its files hash to "},
		{"changed file, advice", rezip(t, packed, seal, changeMain), false, RuleChangedAfterPacking,
			"; pack it again with `arcade pack`"},
		{"file added", added, false, RuleChangedAfterPacking, "changed after packing"},
		{"seal cut", rezip(t, packed, seal[:len(seal)-1], keep), false, RuleChangedAfterPacking, "seal (its zip comment) is damaged"},
		{"seal in upper case", rezip(t, packed, seal[:30]+strings.ToUpper(seal[30:]), keep), false, RuleChangedAfterPacking, "damaged"},
		{"seal not hex", rezip(t, packed, seal[:len(seal)-1]+"g", keep), false, RuleChangedAfterPacking, "damaged"},
		{"seal without hash", rezip(t, packed, "communs-arcade v=2", keep), false, RuleChangedAfterPacking, "damaged"},
		{"prefix alone", rezip(t, packed, "communs-arcade", keep), false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := loadZipBytes(tt.zip)
			if tt.rule == "" {
				if err != nil {
					t.Fatal(err)
				}
				if l.Sealed() != tt.sealed {
					t.Fatalf("Sealed() = %v, want %v", l.Sealed(), tt.sealed)
				}
				return
			}
			wantError(t, err, tt.wantErr)
			ps := Problems(err)
			if len(ps) != 1 || ps[0].Rule != tt.rule {
				t.Fatalf("problems %v, want one %s", ps, tt.rule)
			}
		})
	}
}

func TestCover(t *testing.T) {
	base := templateFiles(t)
	l, err := loadFiles(t, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Cover(); ok {
		t.Fatal("Cover() of a level without cover.png")
	}
	good := pngBytes(t, MaxImageSide, MaxCoverHeight)
	l, err = loadFiles(t, base.set(CoverName, string(good)))
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := l.Cover(); !ok || !bytes.Equal(c, good) {
		t.Fatal("Cover() lost the cover")
	}
	// Only the root's cover.png is a cover.
	if _, err := loadFiles(t, base.set("sprites/"+CoverName, string(pngBytes(t, 10, 1000)))); err != nil {
		t.Fatal(err)
	}
	truncated := pngBytes(t, 100, 100)
	tests := []struct {
		name, data, rule, want string
	}{
		{"too tall", string(pngBytes(t, 100, MaxCoverHeight+1)), RuleImageSize, "cover.png: cover is 100×631 pixels; at most 1200×630 allowed"},
		{"wider than any image", string(pngBytes(t, MaxCoverWidth, 10)), RuleImageSize, "cover.png: image is 1200×10 pixels; at most 1024×1024"},
		{"not a png", "GIF89a", RuleImage, "cover.png: not a PNG image"},
		// Valid chunks whose pixel data is missing: only decoding tells.
		{"pixels missing", string(pngHeader(64, 64)), RuleImage, "cover.png: cover does not decode"},
		{"cut", string(truncated[:len(truncated)-20]), RuleImage, "cover.png: not a valid PNG image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadFiles(t, base.set(CoverName, tt.data))
			wantError(t, err, tt.want)
			if ps := Problems(err); len(ps) != 1 || ps[0].Rule != tt.rule {
				t.Fatalf("problems %v, want one %s", ps, tt.rule)
			}
		})
	}
}

func TestProblems(t *testing.T) {
	if Problems(nil) != nil {
		t.Fatal("problems in nil")
	}
	_, err := loadFiles(t, templateFiles(t).set("a.exe", "x").set("b.exe", "y").del("text/en.toml"))
	ps := Problems(err)
	var got []string
	for _, p := range ps {
		got = append(got, p.Rule+" "+p.File)
	}
	if want := "file_type a.exe,file_type b.exe"; !strings.HasPrefix(strings.Join(got, ","), want) {
		t.Fatalf("problems %q, want them to start with %q", got, want)
	}
}

// TestRulesDocumented: docs/packages.md gives every rule a row.
func TestRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/packages.md")
	if err != nil {
		t.Skip("docs not here:", err)
	}
	for _, r := range []string{
		RulePackageSize, RuleFileCount, RuleFileSize, RuleTotalSize, RuleCompressionRatio,
		RuleZipFormat, RuleUnsafePath, RuleFileName, RuleFileType, RuleSymlink,
		RuleDuplicateName, RuleNotRegular, RuleEncrypted, RuleImage, RuleImageSize,
		RuleChangedAfterPacking, RuleManifest, RuleMap, RuleText, RuleScript, RuleRead,
		RuleTooManyErrors,
	} {
		if !bytes.Contains(doc, []byte("| `"+r+"` |")) {
			t.Errorf("docs/packages.md has no row for rule %s", r)
		}
	}
}
