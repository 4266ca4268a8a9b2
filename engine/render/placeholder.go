package render

import "image/color"

// placeholderPalette are the colours of sprites that have no PNG yet:
// saturated, apart from each other, and readable on dark and light tiles.
var placeholderPalette = [...]color.RGBA{
	{0xe6, 0x48, 0x2e, 0xff}, // red
	{0xf2, 0xc1, 0x4e, 0xff}, // yellow
	{0x4e, 0xa5, 0xd9, 0xff}, // blue
	{0x5f, 0xbf, 0x60, 0xff}, // green
	{0xb5, 0x50, 0x88, 0xff}, // magenta
	{0xf7, 0x76, 0x22, 0xff}, // orange
	{0x3e, 0xc9, 0xb4, 0xff}, // teal
	{0x8a, 0x6f, 0xdf, 0xff}, // violet
}

// placeholderColor picks the fill colour of a missing sprite from its
// name with FNV-1a, so a name keeps its colour from run to run and machine
// to machine.
func placeholderColor(sprite string) color.RGBA {
	h := uint32(2166136261) // FNV-1a, 32 bits, without allocating
	for i := 0; i < len(sprite); i++ {
		h ^= uint32(sprite[i])
		h *= 16777619
	}
	return placeholderPalette[h%uint32(len(placeholderPalette))]
}

// darker is the outline colour of a placeholder filled with c.
func darker(c color.RGBA) color.RGBA {
	return color.RGBA{c.R / 2, c.G / 2, c.B / 2, c.A}
}
