package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// image lays the frames out left to right, s.columns per row, on a
// paletted image whose index 0 is transparent.
func (s *sheet) image() *image.Paletted {
	cols := s.columns
	rows := (len(s.frames) + cols - 1) / cols
	pal := make(color.Palette, len(s.colors))
	for i, c := range s.colors {
		pal[i] = c
	}
	img := image.NewPaletted(image.Rect(0, 0, cols*s.size, rows*s.size), pal)
	for f, pix := range s.frames {
		x0, y0 := f%cols*s.size, f/cols*s.size
		for y := range s.size {
			copy(img.Pix[img.PixOffset(x0, y0+y):], pix[y*s.size:(y+1)*s.size])
		}
	}
	return img
}

// encode writes img as PNG with fixed settings, so the same grid gives the
// same bytes on every run.
func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("gen: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// samePixels reports whether the PNG data shows exactly the pixels of img.
// Comparing pixels rather than bytes keeps a committed PNG valid when a
// newer Go compresses differently, so regenerating never changes a level's
// content hash for nothing.
func samePixels(data []byte, img image.Image) bool {
	old, err := png.Decode(bytes.NewReader(data))
	if err != nil || old.Bounds() != img.Bounds() {
		return false
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if nrgba(old.At(x, y)) != nrgba(img.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// nrgba converts c, folding every fully transparent colour into one.
func nrgba(c color.Color) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	if n.A == 0 {
		return color.NRGBA{}
	}
	return n
}
