package level

import (
	"archive/zip"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Ext is the extension of packed levels.
const Ext = ".arcade"

// Load loads the level at path: a .arcade file if the name ends with
// ".arcade", a folder otherwise. Errors are *Error values (or several joined)
// whose Path is path.
func Load(path string) (*Level, error) {
	if strings.HasSuffix(strings.ToLower(path), Ext) {
		return loadArchive(path)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, &Error{Path: path, Rule: RuleRead, Msg: "cannot open level: " + ioMessage(err), Err: err}
	}
	if !st.IsDir() {
		return nil, &Error{Path: path, Rule: RuleRead, Msg: "not a level folder nor a " + Ext + " file"}
	}
	// os.Root keeps every open inside the folder, even if a file is swapped
	// for a symbolic link while loading.
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, &Error{Path: path, Rule: RuleRead, Msg: fmt.Sprintf("cannot open level: %v", err), Err: err}
	}
	defer root.Close()
	return loadFS(root.FS(), ".", path)
}

// loadArchive opens and loads a .arcade file.
func loadArchive(name string) (*Level, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &Error{Path: name, Rule: RuleRead, Msg: "cannot open level: " + ioMessage(err), Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Path: name, Rule: RuleRead, Msg: fmt.Sprintf("cannot open level: %v", err), Err: err}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Path: name, Rule: RuleNotRegular, Msg: "not a regular file"}
	}
	return LoadZip(f, st.Size(), name)
}

// LoadFS loads the level in directory dir of fsys (use "." for its root);
// dir is also the Path of errors. Files and directories whose names start
// with '.' are skipped, as editors and version control leave them in level
// folders, and so are the testdata folder (TestDataDir) and .arcade files
// at the root (the level packed); symbolic links and other special files
// are errors.
func LoadFS(fsys fs.FS, dir string) (*Level, error) {
	return loadFS(fsys, dir, dir)
}

// LoadAll loads every level of a library: each folder at the root of fsys
// that holds a manifest (as levels.FS does), in the order of their names.
// Folders without a manifest are skipped; the first level that fails to
// load is the error.
func LoadAll(fsys fs.FS) ([]*Level, error) {
	dirs, err := Dirs(fsys)
	if err != nil {
		return nil, err
	}
	var out []*Level
	for _, dir := range dirs {
		l, err := LoadFS(fsys, dir)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// Dirs lists the level folders of a library: each folder at the root of
// fsys that holds a manifest, in the order of their names. LoadAll loads
// them; the game reads only their manifests until a level is opened.
func Dirs(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("level: reading the levels: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := fs.Stat(fsys, e.Name()+"/"+ManifestName); err != nil {
			continue
		}
		out = append(out, e.Name())
	}
	return out, nil
}

// TestDataDir is the folder of a level that holds its tests (golden
// replays and their inputs). Loading a folder skips it.
const TestDataDir = "testdata"

// errStop ends a walk after a problem that makes going on pointless.
var errStop = errors.New("stop")

func loadFS(fsys fs.FS, dir, display string) (*Level, error) {
	p := &problems{path: display}
	if !fs.ValidPath(dir) {
		p.addf(RuleRead, "", 0, "invalid folder name")
		return nil, p.err()
	}
	names := newNameSet()
	var files []File
	total := 0
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		rel := ""
		switch {
		case name == dir:
		case dir == ".":
			rel = name
		default:
			rel = strings.TrimPrefix(name, dir+"/")
		}
		if p.full {
			return errStop
		}
		if err != nil {
			p.add(RuleRead, displayName(rel), 0, "cannot read: "+ioMessage(err), err)
			return errStop
		}
		if name == dir {
			if !d.IsDir() {
				p.addf(RuleRead, "", 0, "not a folder")
				return errStop
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == TestDataDir && d.IsDir() {
			// The level's own tests (golden replays) are not its content:
			// a replay records the content hash, so it cannot be part of it.
			return fs.SkipDir
		}
		if !d.IsDir() && !strings.Contains(rel, "/") && strings.HasSuffix(strings.ToLower(rel), Ext) {
			// A package of the level itself, as `arcade pack .` writes
			// it: not content either (and a zip holds none).
			return nil
		}
		if rule, msg := checkNameRule(rel); msg != "" {
			p.addf(rule, displayName(rel), 0, "%s", msg)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch typ := d.Type(); {
		case typ&fs.ModeSymlink != 0:
			p.addf(RuleSymlink, rel, 0, "symbolic links are not allowed")
			return nil
		case d.IsDir():
			if msg := names.addDir(rel); msg != "" {
				p.addf(RuleDuplicateName, rel, 0, "%s", msg)
				return fs.SkipDir
			}
			return nil
		case !typ.IsRegular():
			p.addf(RuleNotRegular, rel, 0, "not a regular file")
			return nil
		}
		if msg := checkExt(rel); msg != "" {
			p.addf(RuleFileType, rel, 0, "%s", msg)
			return nil
		}
		if msg := names.addFile(rel); msg != "" {
			p.addf(RuleDuplicateName, rel, 0, "%s", msg)
			return nil
		}
		if len(files) == MaxFiles {
			p.addf(RuleFileCount, rel, 0, "too many files: at most %d allowed", MaxFiles)
			return errStop
		}
		data, rule, msg, err := readFSFile(fsys, name, min(MaxFileSize, MaxTotalSize-total))
		if msg != "" {
			p.add(rule, rel, 0, msg, err)
			return errStop
		}
		total += len(data)
		files = append(files, File{Name: rel, Data: data})
		return nil
	})
	if err != nil && err != errStop {
		p.add(RuleRead, "", 0, fmt.Sprintf("cannot read: %v", err), err)
	}
	if p.any() {
		return nil, p.err()
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return build(display, files)
}

// readFSFile reads a regular file of at most limit bytes, trusting no size
// it was told; on failure it returns the rule broken, a message and maybe
// an error.
func readFSFile(fsys fs.FS, name string, limit int) (data []byte, rule, msg string, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, RuleRead, "cannot read: " + ioMessage(err), err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, RuleRead, fmt.Sprintf("cannot read: %v", err), err
	}
	if !st.Mode().IsRegular() {
		return nil, RuleNotRegular, "not a regular file", nil
	}
	if st.Size() > int64(limit) {
		rule, msg := sizeMessage(limit)
		return nil, rule, msg, nil
	}
	data, err = io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, RuleRead, fmt.Sprintf("cannot read: %v", err), err
	}
	if len(data) > limit {
		rule, msg := sizeMessage(limit)
		return nil, rule, msg, nil
	}
	return data, "", "", nil
}

// sizeMessage says which size limit a file broke, given the bytes it was
// allowed.
func sizeMessage(limit int) (rule, msg string) {
	if limit >= MaxFileSize {
		return RuleFileSize, fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20)
	}
	return RuleTotalSize, fmt.Sprintf("package is larger than %d MiB uncompressed", MaxTotalSize>>20)
}

// LoadZip loads a packed level (.arcade, a zip of the level folder's
// contents) of size bytes from r; path is the Path of errors. Nothing is
// written to disk.
//
// A zip whose comment holds a seal (see Pack) must hold the files the seal
// names: otherwise the package was changed after packing, and it is
// refused with RuleChangedAfterPacking before its files are checked. The
// level of a zip whose seal matched is Sealed.
func LoadZip(r io.ReaderAt, size int64, path string) (*Level, error) {
	p := &problems{path: path}
	files, comment := readZip(r, size, p)
	if p.any() {
		return nil, p.err()
	}
	seal, sealed, msg := parseSeal(comment)
	if msg != "" {
		p.addf(RuleChangedAfterPacking, "", 0, "%s", msg)
		return nil, p.err()
	}
	if sealed {
		if got := contentHash(files); got != seal {
			p.addf(RuleChangedAfterPacking, "", 0,
				"the package was changed after packing: its files hash to %x…, its seal says %x…; pack it again with `arcade pack`",
				got[:8], seal[:8])

			return nil, p.err()
		}
	}
	l, err := build(path, files)
	if err != nil {
		return nil, err
	}
	l.sealed = sealed
	return l, nil
}

// sealPrefix starts the zip comment of a sealed package; the seal is
// sealPrefix + "content-sha256=" + the content hash in lower-case hex.
const (
	sealPrefix = "communs-arcade "
	sealKey    = "content-sha256="
)

// sealComment returns the zip comment that seals a package of content hash h.
func sealComment(h [32]byte) string {
	return sealPrefix + sealKey + hex.EncodeToString(h[:])
}

// parseSeal reads a zip comment: the content hash it seals and true, or
// false for a comment that is no seal (any text not starting with
// sealPrefix), or a message for a seal that cannot be read.
func parseSeal(comment string) (h [32]byte, ok bool, msg string) {
	rest, found := strings.CutPrefix(comment, sealPrefix)
	if !found {
		return h, false, ""
	}
	for _, field := range strings.Fields(rest) {
		v, found := strings.CutPrefix(field, sealKey)
		if !found {
			continue // a field of a later format
		}
		if len(v) == 2*len(h) && strings.ToLower(v) == v {
			if _, err := hex.Decode(h[:], []byte(v)); err == nil {
				return h, true, ""
			}
		}
		break
	}
	return h, false, "the package's seal (its zip comment) is damaged; pack it again with `arcade pack`"
}

// readZip reads and checks every entry of a zip, returning the files sorted
// by name and the zip's comment. Header sizes only serve early refusals:
// every entry is read through a limit and its real size is what counts.
func readZip(r io.ReaderAt, size int64, p *problems) ([]File, string) {
	if size > MaxArchiveSize {
		p.addf(RulePackageSize, "", 0, "archive is larger than %d MiB", MaxArchiveSize>>20)
		return nil, ""
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		p.add(RuleZipFormat, "", 0, fmt.Sprintf("not a valid zip archive: %v", err), err)
		return nil, ""
	}
	var nfiles, ndirs int
	var sumCompressed uint64
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			ndirs++
		} else {
			nfiles++
		}
		sumCompressed += min(f.CompressedSize64, uint64(size)+1)
	}
	switch {
	case nfiles > MaxFiles:
		p.addf(RuleFileCount, "", 0, "too many files: %d, at most %d allowed", nfiles, MaxFiles)
		return nil, ""
	case ndirs > MaxFiles:
		p.addf(RuleFileCount, "", 0, "too many directories: %d, at most %d allowed", ndirs, MaxFiles)
		return nil, ""
	case sumCompressed > uint64(size):
		// The data of entries would overlap: a known zip-bomb construction.
		p.addf(RuleZipFormat, "", 0, "entries overlap or claim more data than the archive holds")
		return nil, ""
	}

	names := newNameSet()
	files := make([]File, 0, nfiles)
	total := 0
	for _, f := range zr.File {
		name, isDir := strings.CutSuffix(f.Name, "/")
		if rule, msg := checkNameRule(name); msg != "" {
			p.addf(rule, displayName(f.Name), 0, "%s", msg)
			continue
		}
		mode := f.Mode()
		unixType := (f.ExternalAttrs >> 16) & 0o170000
		switch {
		case mode&fs.ModeSymlink != 0 || unixType == 0o120000:
			p.addf(RuleSymlink, name, 0, "symbolic links are not allowed")
			continue
		case f.Flags&1 != 0:
			p.addf(RuleEncrypted, name, 0, "encrypted entries are not allowed")
			continue
		case isDir != mode.IsDir():
			p.addf(RuleNotRegular, name, 0, "entry's directory flag disagrees with its name (directories end with '/')")
			continue
		case !isDir && (!mode.IsRegular() || (unixType != 0 && unixType != 0o100000)):
			p.addf(RuleNotRegular, name, 0, "not a regular file")
			continue
		}
		if isDir {
			if f.CompressedSize64 != 0 || f.UncompressedSize64 != 0 {
				p.addf(RuleNotRegular, name, 0, "directory entry holds data")
				continue
			}
			if msg := names.addDir(name); msg != "" {
				p.addf(RuleDuplicateName, name, 0, "%s", msg)
			}
			continue
		}
		if msg := checkExt(name); msg != "" {
			p.addf(RuleFileType, name, 0, "%s", msg)
			continue
		}
		if msg := names.addFile(name); msg != "" {
			p.addf(RuleDuplicateName, name, 0, "%s", msg)
			continue
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			p.addf(RuleZipFormat, name, 0, "compression method %d is not supported (use deflate or store)", f.Method)
			continue
		}
		data, rule, msg, err := readEntry(f, size, MaxTotalSize-total)
		if msg != "" {
			p.add(rule, name, 0, msg, err)
			return nil, "" // later entries could only repeat the damage
		}
		total += len(data)
		files = append(files, File{Name: name, Data: data})
	}
	if p.any() {
		return nil, ""
	}
	if total > ratioSlack && int64(total) > MaxRatio*size {
		p.addf(RuleCompressionRatio, "", 0, "archive expands %d times (%d to %d bytes): at most %d times allowed", int64(total)/max(size, 1), size, total, MaxRatio)
		return nil, ""
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return files, zr.Comment
}

// readEntry decompresses one entry, never more than the smallest of the
// limits that apply to it (per file, what is left of the total, ratio), and
// checks its CRC. On failure it returns the rule broken, a message and
// maybe an error.
func readEntry(f *zip.File, size int64, left int) (data []byte, rule, msg string, err error) {
	if f.CompressedSize64 > uint64(size) {
		return nil, RuleZipFormat, "entry claims more data than the archive holds", nil
	}
	ratioLimit := max(ratioSlack, int64(MaxRatio)*int64(f.CompressedSize64))
	limit := min(int64(MaxFileSize), int64(left), ratioLimit)
	tooBig := func() ([]byte, string, string, error) {
		switch limit {
		case int64(MaxFileSize):
			return nil, RuleFileSize, fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20), nil
		case int64(left):
			return nil, RuleTotalSize, fmt.Sprintf("package is larger than %d MiB uncompressed", MaxTotalSize>>20), nil
		}
		return nil, RuleCompressionRatio, fmt.Sprintf("file expands more than %d times (%d compressed bytes): a zip bomb?", MaxRatio, f.CompressedSize64), nil
	}
	if f.UncompressedSize64 > uint64(limit) {
		return tooBig()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, RuleZipFormat, fmt.Sprintf("cannot read entry: %v", err), err
	}
	defer rc.Close()
	data, err = io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(data)) > limit {
		return tooBig()
	}
	if errors.Is(err, zip.ErrFormat) {
		// archive/zip fails this way, and only this way, once it reads past
		// the size the header declares
		return nil, RuleZipFormat, "entry holds more data than its header declares (a zip bomb?)", err
	}
	if err != nil {
		return nil, RuleZipFormat, fmt.Sprintf("corrupt entry: %v", err), err
	}
	return data, "", "", nil
}

// ioMessage describes an I/O error without repeating the path it names.
func ioMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// displayName returns name fit to print in an error: as is when it is
// printable ASCII of reasonable length, quoted and cut otherwise.
func displayName(name string) string {
	if len(name) > 2*MaxNameLen {
		name = name[:2*MaxNameLen] + "..."
	}
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] > 0x7e {
			return strconv.QuoteToASCII(name)
		}
	}
	return name
}
