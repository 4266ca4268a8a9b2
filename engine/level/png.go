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

// checkPNG reports why data is not an acceptable PNG, or "": RuleImageSize
// for its dimensions, RuleImage for the rest. It reads the header with
// png.DecodeConfig and walks the chunks checking lengths and CRCs, without
// decompressing pixels.
func checkPNG(data []byte) (rule, msg string) {
	if !bytes.HasPrefix(data, pngSignature) {
		return RuleImage, "not a PNG image (bad signature)"
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return RuleImage, fmt.Sprintf("not a valid PNG image: %v", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return RuleImageSize, fmt.Sprintf("image is %d×%d pixels; at most %d×%d allowed", cfg.Width, cfg.Height, MaxImageSide, MaxImageSide)
	}
	rest := data[len(pngSignature):]
	first, idat := true, false
	for {
		if len(rest) < 12 {
			return RuleImage, "not a valid PNG image: truncated chunk"
		}
		n := binary.BigEndian.Uint32(rest)
		if n > 1<<31-1 || uint64(n) > uint64(len(rest)-12) {
			return RuleImage, "not a valid PNG image: chunk longer than the file"
		}
		typ := string(rest[4:8])
		if crc32.ChecksumIEEE(rest[4:8+n]) != binary.BigEndian.Uint32(rest[8+n:]) {
			return RuleImage, fmt.Sprintf("not a valid PNG image: bad CRC in %q chunk", typ)
		}
		rest = rest[12+n:]
		switch {
		case first && typ != "IHDR":
			return RuleImage, "not a valid PNG image: IHDR is not the first chunk"
		case typ == "IDAT":
			idat = true
		case typ == "IEND":
			if !idat {
				return RuleImage, "not a valid PNG image: no image data (IDAT)"
			}
			if len(rest) != 0 {
				return RuleImage, "not a valid PNG image: data after IEND"
			}
			return "", ""
		}
		first = false
	}
}

// CoverName is the optional link-preview image at the root of a package.
const CoverName = "cover.png"

// The largest cover, in pixels: the size link previews use (Open Graph's
// 1.91:1). A cover must also fit MaxImageSide, as every image.
const (
	MaxCoverWidth  = 1200
	MaxCoverHeight = 630
)

// checkCover reports why data, already a valid PNG, is no acceptable
// cover, or "". Unlike other images, a cover is decoded entirely: a server
// hands it to link previews as it is.
func checkCover(data []byte) (rule, msg string) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return RuleImage, fmt.Sprintf("not a valid PNG image: %v", err)
	}
	if cfg.Width > MaxCoverWidth || cfg.Height > MaxCoverHeight {
		return RuleImageSize, fmt.Sprintf("cover is %d×%d pixels; at most %d×%d allowed", cfg.Width, cfg.Height, MaxCoverWidth, MaxCoverHeight)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		return RuleImage, fmt.Sprintf("cover does not decode: %v", err)
	}
	return "", ""
}
