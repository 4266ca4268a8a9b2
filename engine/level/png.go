package level

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/png"
)

// MaxImageSide bounds the width and height of every PNG, in pixels.
const MaxImageSide = 1024

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// checkPNG reports why data is not an acceptable PNG, or "". It reads the
// header with png.DecodeConfig and walks the chunks checking lengths and
// CRCs, without decompressing pixels.
func checkPNG(data []byte) string {
	if !bytes.HasPrefix(data, pngSignature) {
		return "not a PNG image (bad signature)"
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Sprintf("not a valid PNG image: %v", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return fmt.Sprintf("image is %d×%d pixels; at most %d×%d allowed", cfg.Width, cfg.Height, MaxImageSide, MaxImageSide)
	}
	rest := data[len(pngSignature):]
	first, idat := true, false
	for {
		if len(rest) < 12 {
			return "not a valid PNG image: truncated chunk"
		}
		n := binary.BigEndian.Uint32(rest)
		if n > 1<<31-1 || uint64(n) > uint64(len(rest)-12) {
			return "not a valid PNG image: chunk longer than the file"
		}
		typ := string(rest[4:8])
		if crc32.ChecksumIEEE(rest[4:8+n]) != binary.BigEndian.Uint32(rest[8+n:]) {
			return fmt.Sprintf("not a valid PNG image: bad CRC in %q chunk", typ)
		}
		rest = rest[12+n:]
		switch {
		case first && typ != "IHDR":
			return "not a valid PNG image: IHDR is not the first chunk"
		case typ == "IDAT":
			idat = true
		case typ == "IEND":
			if !idat {
				return "not a valid PNG image: no image data (IDAT)"
			}
			if len(rest) != 0 {
				return "not a valid PNG image: data after IEND"
			}
			return ""
		}
		first = false
	}
}
