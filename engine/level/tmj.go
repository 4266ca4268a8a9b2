package level

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strings"
)

// Bounds on maps.
const (
	MaxMapSide  = 1024    // tiles across or down
	MaxMapCells = 262144  // tiles in one layer (width × height)
	maxAllCells = 1 << 20 // tiles in all tile layers together
	maxTileSide = 1024    // pixels of a tile
	maxLayers   = 128     // layers once groups are flattened
	maxGroups   = 16      // nesting of group layers
	maxTilesets = 64
	maxTileIDs  = 1 << 16 // tiles in one tileset
	maxObjects  = 10000   // objects in one map
	maxPoints   = 1024    // points of one polygon or polyline
	maxProps    = 64      // properties on one element
	maxPropName = 64      // bytes of a property name
	maxCoord    = 1 << 24 // absolute value of any coordinate or size
)

// gidMask keeps the tile id of a cell; the four high bits are flip flags.
const gidMask = 0x0fffffff

// Flip holds the flip flags Tiled stores in the high bits of a cell.
type Flip uint8

// Tiled's flags, shifted down from bits 28–31 of a cell.
const (
	FlipHex120     Flip = 1 << iota // rotated 120° (hexagonal maps only)
	FlipDiagonal                    // anti-diagonal flip (with the others: 90° rotations)
	FlipVertical                    // flipped top to bottom
	FlipHorizontal                  // flipped left to right
)

// splitGID separates a raw Tiled cell into tile id and flip flags.
func splitGID(raw uint32) (uint32, Flip) { return raw & gidMask, Flip(raw >> 28) }

// Map is an orthogonal, finite Tiled map read from a .tmj (JSON) file. All
// slices keep the order of the file.
type Map struct {
	// Name is the .tmj file in the package.
	Name string
	// Width and Height count tiles; TileWidth and TileHeight are pixels.
	Width, Height         int
	TileWidth, TileHeight int
	Class                 string
	Properties            Properties
	// Layers are in drawing order, groups flattened (see Layer.Group).
	Layers   []Layer
	Tilesets []Tileset
}

// LayerKind says what a layer holds.
type LayerKind uint8

// The kinds of layer a map may hold.
const (
	TileLayer LayerKind = iota + 1
	ObjectLayer
	ImageLayer
)

func (k LayerKind) String() string {
	switch k {
	case TileLayer:
		return "tilelayer"
	case ObjectLayer:
		return "objectgroup"
	case ImageLayer:
		return "imagelayer"
	}
	return fmt.Sprintf("LayerKind(%d)", k)
}

// Layer is one tile, object or image layer.
type Layer struct {
	ID    int
	Name  string
	Class string
	Kind  LayerKind
	// Group is the "/"-joined names of the group layers around this one,
	// "" at the top level.
	Group string
	// Visible is false when the layer or a group around it is hidden.
	Visible bool
	// Opacity and the offsets already include the enclosing groups'.
	Opacity          float64
	OffsetX, OffsetY float64
	Properties       Properties

	// Width and Height are a tile layer's size in tiles (the map's).
	Width, Height int
	// GIDs are a tile layer's cells, row by row, with flip flags removed;
	// 0 is an empty cell.
	GIDs []uint32
	// Flips are the flags of each cell, or nil when no cell is flipped.
	Flips []Flip

	// Objects are an object layer's objects.
	Objects []Object

	// Image is an image layer's PNG, as a package file name.
	Image string
}

// At returns the tile id and flip flags of cell (x, y), or 0 outside the
// layer or for a layer that holds no tiles.
func (l *Layer) At(x, y int) (uint32, Flip) {
	if x < 0 || y < 0 || x >= l.Width || y >= l.Height {
		return 0, 0
	}
	i := y*l.Width + x
	if l.Flips == nil {
		return l.GIDs[i], 0
	}
	return l.GIDs[i], l.Flips[i]
}

// Shape is the geometry of an object.
type Shape uint8

// The shapes Tiled draws.
const (
	Rectangle Shape = iota
	Point
	Ellipse
	Polygon
	Polyline
	Text
	TileObject // an object showing a tile (GID is set)
)

// Object is one object of an object layer. X and Y are in pixels.
type Object struct {
	ID                  int
	Name                string
	Class               string // Tiled's "class" (named "type" before 1.9)
	X, Y, Width, Height float64
	Rotation            float64 // degrees, clockwise
	Visible             bool
	Shape               Shape
	// Points are a polygon's or polyline's vertices, relative to X, Y.
	Points []Vec
	// GID and Flip are set for tile objects.
	GID  uint32
	Flip Flip
	// Text is a text object's text.
	Text       string
	Properties Properties
}

// Vec is a point in pixels.
type Vec struct{ X, Y float64 }

// Tileset is a tileset embedded in the map.
type Tileset struct {
	FirstGID              uint32
	Name, Class           string
	TileWidth, TileHeight int
	Columns, TileCount    int
	Margin, Spacing       int
	// Image is the tileset's PNG as a package file name, or "" for a
	// collection of images (see Tile.Image).
	Image                   string
	ImageWidth, ImageHeight int
	Properties              Properties
	// Tiles are the tiles that carry a class, properties or an image,
	// sorted by ID.
	Tiles []Tile
	// span is how many gids the tileset covers from FirstGID.
	span uint32
}

// Tile is one tile of a tileset that carries data.
type Tile struct {
	ID         int
	Class      string
	Image      string // package file name, for image collections
	Properties Properties
}

// Tileset returns the tileset holding gid (flip flags removed) and the
// tile's id inside it, or nil.
func (m *Map) Tileset(gid uint32) (*Tileset, int) {
	// Tilesets are sorted by FirstGID and do not overlap: find the last one
	// starting at or before gid.
	i, _ := slices.BinarySearchFunc(m.Tilesets, gid+1, func(ts Tileset, g uint32) int {
		return cmp.Compare(ts.FirstGID, g)
	})
	if i == 0 {
		return nil, 0
	}
	ts := &m.Tilesets[i-1]
	if gid-ts.FirstGID >= ts.span {
		return nil, 0
	}
	return ts, int(gid - ts.FirstGID)
}

// Tile returns the data of tile gid, or nil when it carries none.
func (m *Map) Tile(gid uint32) *Tile {
	ts, id := m.Tileset(gid)
	if ts == nil {
		return nil
	}
	i, ok := slices.BinarySearchFunc(ts.Tiles, id, func(t Tile, id int) int { return t.ID - id })
	if !ok {
		return nil
	}
	return &ts.Tiles[i]
}

// TileProperties returns the properties of tile gid (e.g. solid = true).
func (m *Map) TileProperties(gid uint32) Properties {
	if t := m.Tile(gid); t != nil {
		return t.Properties
	}
	return nil
}

// MaxGID returns the highest gid any tileset covers, 0 without tilesets.
func (m *Map) MaxGID() uint32 {
	if len(m.Tilesets) == 0 {
		return 0
	}
	ts := m.Tilesets[len(m.Tilesets)-1]
	return ts.FirstGID + ts.span - 1
}

// Layer returns the first layer named name, or nil.
func (m *Map) Layer(name string) *Layer {
	for i := range m.Layers {
		if m.Layers[i].Name == name {
			return &m.Layers[i]
		}
	}
	return nil
}

// Property is a custom property set in Tiled. Value is a string, int64,
// float64 or bool, as Type ("string", "int", "float", "bool") says.
type Property struct {
	Name  string
	Type  string
	Value any
}

// Properties are an element's custom properties, in file order.
type Properties []Property

// Lookup returns the property named name.
func (ps Properties) Lookup(name string) (Property, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// Bool returns a bool property, false when absent or of another type.
func (ps Properties) Bool(name string) bool {
	p, _ := ps.Lookup(name)
	b, _ := p.Value.(bool)
	return b
}

// Int returns an int property.
func (ps Properties) Int(name string) (int64, bool) {
	p, _ := ps.Lookup(name)
	i, ok := p.Value.(int64)
	return i, ok
}

// Float returns a float property, or an int one converted.
func (ps Properties) Float(name string) (float64, bool) {
	p, _ := ps.Lookup(name)
	switch v := p.Value.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// Text returns a string property.
func (ps Properties) Text(name string) (string, bool) {
	p, _ := ps.Lookup(name)
	s, ok := p.Value.(string)
	return s, ok
}

// The JSON shapes read from a .tmj file: only what the engine uses, the
// rest of Tiled's keys are ignored.
type (
	tmjMap struct {
		Type        string        `json:"type"`
		Orientation string        `json:"orientation"`
		Infinite    bool          `json:"infinite"`
		Width       int           `json:"width"`
		Height      int           `json:"height"`
		TileWidth   int           `json:"tilewidth"`
		TileHeight  int           `json:"tileheight"`
		Class       string        `json:"class"`
		Layers      []tmjLayer    `json:"layers"`
		Tilesets    []tmjTileset  `json:"tilesets"`
		Properties  []tmjProperty `json:"properties"`
	}
	tmjLayer struct {
		ID          int             `json:"id"`
		Name        string          `json:"name"`
		Type        string          `json:"type"`
		Class       string          `json:"class"`
		Visible     *bool           `json:"visible"`
		Opacity     *float64        `json:"opacity"`
		OffsetX     float64         `json:"offsetx"`
		OffsetY     float64         `json:"offsety"`
		Width       int             `json:"width"`
		Height      int             `json:"height"`
		Data        json.RawMessage `json:"data"`
		Encoding    string          `json:"encoding"`
		Compression string          `json:"compression"`
		Chunks      json.RawMessage `json:"chunks"`
		Objects     []tmjObject     `json:"objects"`
		Layers      []tmjLayer      `json:"layers"`
		Image       string          `json:"image"`
		Properties  []tmjProperty   `json:"properties"`
	}
	tmjObject struct {
		ID         int           `json:"id"`
		Name       string        `json:"name"`
		Type       string        `json:"type"`
		Class      string        `json:"class"`
		X          float64       `json:"x"`
		Y          float64       `json:"y"`
		Width      float64       `json:"width"`
		Height     float64       `json:"height"`
		Rotation   float64       `json:"rotation"`
		Visible    *bool         `json:"visible"`
		GID        uint32        `json:"gid"`
		Point      bool          `json:"point"`
		Ellipse    bool          `json:"ellipse"`
		Polygon    []Vec         `json:"polygon"`
		Polyline   []Vec         `json:"polyline"`
		Text       *tmjText      `json:"text"`
		Template   *string       `json:"template"`
		Properties []tmjProperty `json:"properties"`
	}
	tmjText struct {
		Text string `json:"text"`
	}
	tmjTileset struct {
		Source      *string       `json:"source"`
		FirstGID    int64         `json:"firstgid"`
		Name        string        `json:"name"`
		Class       string        `json:"class"`
		TileWidth   int           `json:"tilewidth"`
		TileHeight  int           `json:"tileheight"`
		Columns     int           `json:"columns"`
		TileCount   int           `json:"tilecount"`
		Margin      int           `json:"margin"`
		Spacing     int           `json:"spacing"`
		Image       string        `json:"image"`
		ImageWidth  int           `json:"imagewidth"`
		ImageHeight int           `json:"imageheight"`
		Tiles       []tmjTile     `json:"tiles"`
		Properties  []tmjProperty `json:"properties"`
	}
	tmjTile struct {
		ID         int           `json:"id"`
		Type       string        `json:"type"`
		Class      string        `json:"class"`
		Image      string        `json:"image"`
		Properties []tmjProperty `json:"properties"`
	}
	tmjProperty struct {
		Name  string          `json:"name"`
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	}
)

// mapParser holds the state of reading one .tmj file.
type mapParser struct {
	file    string
	p       *problems
	isPNG   func(name string) bool // reports a .png file of the package
	m       *Map
	cells   int // tile cells read so far, all layers
	objects int
	ids     map[int]bool // object ids seen
	failed  bool
}

func (mp *mapParser) fail(msg string) {
	mp.failed = true
	mp.p.addf(RuleMap, mp.file, 0, "%s", msg)
}

// parseMap reads and validates the .tmj file named file. isPNG reports
// whether a package file exists and is a PNG.
func parseMap(file string, data []byte, isPNG func(string) bool, p *problems) *Map {
	var raw tmjMap
	if err := json.Unmarshal(data, &raw); err != nil {
		line, msg := 0, err.Error()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = lineOf(data, int(se.Offset))
			msg = "invalid JSON: " + se.Error()
		case errors.As(err, &te):
			line = lineOf(data, int(te.Offset))
			msg = fmt.Sprintf("%s must be %s, not a JSON %s", jsonField(te.Field), te.Type, te.Value)
		}
		p.add(RuleMap, file, line, msg, err)
		return nil
	}
	mp := &mapParser{file: file, p: p, isPNG: isPNG, ids: map[int]bool{}}
	m := &Map{
		Name:  file,
		Width: raw.Width, Height: raw.Height,
		TileWidth: raw.TileWidth, TileHeight: raw.TileHeight,
		Class: raw.Class,
	}
	mp.m = m
	switch {
	case raw.Type != "" && raw.Type != "map":
		mp.fail(fmt.Sprintf("type is %q, not a Tiled map", raw.Type))
	case raw.Orientation != "orthogonal":
		mp.fail(fmt.Sprintf("orientation %q is not supported: only orthogonal maps", raw.Orientation))
	case raw.Infinite:
		mp.fail("infinite maps are not supported: untick Infinite in Tiled's map properties")
	case raw.Width < 1 || raw.Height < 1 || raw.Width > MaxMapSide || raw.Height > MaxMapSide:
		mp.fail(fmt.Sprintf("map is %d×%d tiles; each side must be 1 to %d", raw.Width, raw.Height, MaxMapSide))
	case raw.Width*raw.Height > MaxMapCells:
		mp.fail(fmt.Sprintf("map has %d tiles; at most %d allowed", raw.Width*raw.Height, MaxMapCells))
	case raw.TileWidth < 1 || raw.TileHeight < 1 || raw.TileWidth > maxTileSide || raw.TileHeight > maxTileSide:
		mp.fail(fmt.Sprintf("tiles are %d×%d pixels; each side must be 1 to %d", raw.TileWidth, raw.TileHeight, maxTileSide))
	}
	if mp.failed {
		return nil
	}
	m.Properties = mp.properties("map", raw.Properties)
	mp.tilesets(raw.Tilesets)
	if !mp.failed {
		mp.layers(raw.Layers, "", true, 1, 0, 0, 0)
	}
	if mp.failed {
		return nil
	}
	return m
}

// jsonField names a field of a JSON type error for authors.
func jsonField(f string) string {
	if f == "" {
		return "value"
	}
	return "field " + f
}

func (mp *mapParser) tilesets(list []tmjTileset) {
	if len(list) > maxTilesets {
		mp.fail(fmt.Sprintf("more than %d tilesets", maxTilesets))
		return
	}
	var next int64 = 1 // lowest firstgid the next tileset may have
	for i, r := range list {
		where := fmt.Sprintf("tileset %q", r.Name)
		if r.Name == "" {
			where = fmt.Sprintf("tileset %d", i+1)
		}
		if r.Source != nil {
			mp.fail(fmt.Sprintf("%s is an external tileset (%q): embed it in the map (Embed Tileset button in Tiled's Tilesets panel)", where, *r.Source))
			continue
		}
		if r.FirstGID < next {
			mp.fail(fmt.Sprintf("%s: firstgid %d overlaps the tileset before (must be %d or more)", where, r.FirstGID, next))
			continue
		}
		if r.TileWidth < 1 || r.TileHeight < 1 || r.TileWidth > maxTileSide || r.TileHeight > maxTileSide {
			mp.fail(fmt.Sprintf("%s: tiles are %d×%d pixels; each side must be 1 to %d", where, r.TileWidth, r.TileHeight, maxTileSide))
			continue
		}
		if r.TileCount < 0 || r.TileCount > maxTileIDs || r.Columns < 0 || r.Margin < 0 || r.Spacing < 0 ||
			r.Columns > maxTileIDs || r.Margin > maxTileSide || r.Spacing > maxTileSide ||
			r.ImageWidth < 0 || r.ImageHeight < 0 || r.ImageWidth > MaxImageSide || r.ImageHeight > MaxImageSide {
			mp.fail(fmt.Sprintf("%s: tilecount, columns, margin, spacing or image size out of range", where))
			continue
		}
		ts := Tileset{
			FirstGID: uint32(min(r.FirstGID, gidMask)), Name: r.Name, Class: r.Class,
			TileWidth: r.TileWidth, TileHeight: r.TileHeight,
			Columns: r.Columns, TileCount: r.TileCount, Margin: r.Margin, Spacing: r.Spacing,
			ImageWidth: r.ImageWidth, ImageHeight: r.ImageHeight,
			Properties: mp.properties(where, r.Properties),
		}
		if r.Image != "" {
			ts.Image = mp.image(where, r.Image)
		}
		span := r.TileCount
		if len(r.Tiles) > maxTileIDs {
			mp.fail(fmt.Sprintf("%s: more than %d tiles", where, maxTileIDs))
			continue
		}
		seen := map[int]bool{}
		for _, rt := range r.Tiles {
			tw := fmt.Sprintf("%s, tile %d", where, rt.ID)
			switch {
			case rt.ID < 0 || rt.ID >= maxTileIDs:
				mp.fail(fmt.Sprintf("%s: tile id out of range 0 to %d", tw, maxTileIDs-1))
				continue
			case seen[rt.ID]:
				mp.fail(tw + ": tile listed twice")
				continue
			case r.Image != "" && rt.ID >= r.TileCount:
				mp.fail(fmt.Sprintf("%s: id is not below tilecount %d", tw, r.TileCount))
				continue
			}
			seen[rt.ID] = true
			t := Tile{ID: rt.ID, Class: firstNonEmpty(rt.Class, rt.Type), Properties: mp.properties(tw, rt.Properties)}
			if rt.Image != "" {
				t.Image = mp.image(tw, rt.Image)
			} else if r.Image == "" {
				mp.fail(tw + ": a tileset without an image needs an image on every tile")
			}
			span = max(span, rt.ID+1)
			ts.Tiles = append(ts.Tiles, t)
		}
		slices.SortFunc(ts.Tiles, func(a, b Tile) int { return a.ID - b.ID })
		if r.FirstGID+int64(span)-1 > gidMask {
			mp.fail(fmt.Sprintf("%s: firstgid %d plus %d tiles goes past the largest tile id", where, r.FirstGID, span))
			continue
		}
		ts.span = uint32(span)
		next = r.FirstGID + int64(span)
		mp.m.Tilesets = append(mp.m.Tilesets, ts)
	}
}

// firstNonEmpty returns a, or b when a is empty.
func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// image resolves ref, relative to the map file, to a PNG of the package.
func (mp *mapParser) image(where, ref string) string {
	name, msg := resolveRef(mp.file, ref)
	if msg == "" && !mp.isPNG(name) {
		msg = fmt.Sprintf("image %q is not a PNG file of the package", ref)
	}
	if msg != "" {
		mp.fail(where + ": " + msg)
		return ""
	}
	return name
}

// resolveRef turns a path written in file (relative to its directory) into
// a package file name, or says why it cannot.
func resolveRef(file, ref string) (string, string) {
	if strings.Contains(ref, "\\") || strings.Contains(ref, ":") || path.IsAbs(ref) {
		return "", fmt.Sprintf("image %q must be a relative path inside the package, with '/'", ref)
	}
	name := path.Join(path.Dir(file), ref)
	if name == ".." || strings.HasPrefix(name, "../") {
		return "", fmt.Sprintf("image %q is outside the package", ref)
	}
	if msg := checkName(name); msg != "" {
		return "", fmt.Sprintf("image %q: %s", ref, msg)
	}
	return name, ""
}

// layers flattens list into mp.m.Layers.
func (mp *mapParser) layers(list []tmjLayer, group string, visible bool, opacity, ox, oy float64, depth int) {
	for _, r := range list {
		if mp.failed {
			return
		}
		where := fmt.Sprintf("layer %q", r.Name)
		if len(mp.m.Layers) >= maxLayers {
			mp.fail(fmt.Sprintf("more than %d layers", maxLayers))
			return
		}
		op := 1.0
		if r.Opacity != nil {
			op = *r.Opacity
		}
		if op < 0 || op > 1 || !finite(r.OffsetX) || !finite(r.OffsetY) {
			mp.fail(where + ": opacity must be 0 to 1 and offsets within ±16777216")
			return
		}
		l := Layer{
			ID: r.ID, Name: r.Name, Class: r.Class, Group: group,
			Visible:    visible && (r.Visible == nil || *r.Visible),
			Opacity:    opacity * op,
			OffsetX:    ox + r.OffsetX,
			OffsetY:    oy + r.OffsetY,
			Properties: mp.properties(where, r.Properties),
		}
		switch r.Type {
		case "group":
			if depth >= maxGroups {
				mp.fail(fmt.Sprintf("%s: groups nested more than %d deep", where, maxGroups))
				return
			}
			g := r.Name
			if group != "" {
				g = group + "/" + r.Name
			}
			mp.layers(r.Layers, g, l.Visible, l.Opacity, l.OffsetX, l.OffsetY, depth+1)
			continue
		case "tilelayer":
			l.Kind = TileLayer
			mp.tiles(where, &l, &r)
		case "objectgroup":
			l.Kind = ObjectLayer
			mp.objectLayer(where, &l, r.Objects)
		case "imagelayer":
			l.Kind = ImageLayer
			if r.Image != "" {
				l.Image = mp.image(where, r.Image)
			}
		default:
			mp.fail(fmt.Sprintf("%s: layer type %q is not supported", where, r.Type))
			return
		}
		mp.m.Layers = append(mp.m.Layers, l)
	}
}

// finite reports whether v is a usable coordinate.
func finite(v float64) bool { return !math.IsNaN(v) && math.Abs(v) <= maxCoord }

// tiles decodes the cells of a tile layer into l.
func (mp *mapParser) tiles(where string, l *Layer, r *tmjLayer) {
	m := mp.m
	n := m.Width * m.Height
	switch {
	case len(r.Chunks) > 0 && string(r.Chunks) != "null":
		mp.fail(where + ": chunked layers belong to infinite maps, which are not supported")
		return
	case r.Width != m.Width || r.Height != m.Height:
		mp.fail(fmt.Sprintf("%s: layer is %d×%d tiles, the map %d×%d", where, r.Width, r.Height, m.Width, m.Height))
		return
	case mp.cells+n > maxAllCells:
		mp.fail(fmt.Sprintf("%s: the tile layers hold more than %d cells in all", where, maxAllCells))
		return
	}
	mp.cells += n
	var raw []uint32
	data := bytes.TrimSpace(r.Data)
	switch r.Encoding {
	case "", "csv":
		if len(data) == 0 || data[0] != '[' {
			mp.fail(where + ": data must be a JSON array of tile ids")
			return
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			mp.fail(fmt.Sprintf("%s: data must be an array of tile ids from 0 to 4294967295: %v", where, err))
			return
		}
		if len(raw) != n {
			mp.fail(fmt.Sprintf("%s: data holds %d tiles, the layer %d", where, len(raw), n))
			return
		}
	case "base64":
		var s string
		if len(data) == 0 || data[0] != '"' || json.Unmarshal(data, &s) != nil {
			mp.fail(where + ": base64 data must be a JSON string")
			return
		}
		b, msg := decodeCells(s, r.Compression, n)
		if msg != "" {
			mp.fail(where + ": " + msg)
			return
		}
		raw = make([]uint32, n)
		for i := range raw {
			raw[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
	default:
		mp.fail(fmt.Sprintf("%s: encoding %q is not supported (use csv or base64)", where, r.Encoding))
		return
	}
	l.Width, l.Height = m.Width, m.Height
	l.GIDs = raw // reused in place: flags are removed below
	for i, c := range raw {
		gid, f := splitGID(c)
		if f != 0 {
			if l.Flips == nil {
				l.Flips = make([]Flip, n)
			}
			l.Flips[i] = f
		}
		if gid != 0 {
			if ts, _ := m.Tileset(gid); ts == nil {
				mp.fail(fmt.Sprintf("%s: tile at column %d, row %d has gid %d, which no tileset holds", where, i%m.Width, i/m.Width, gid))
				return
			}
		}
		l.GIDs[i] = gid
	}
}

// decodeCells decodes base64 layer data, decompressing it if needed, into
// exactly 4×n bytes. It never inflates more than 4×n+1 bytes.
func decodeCells(s, compression string, n int) ([]byte, string) {
	want := 4 * n
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Sprintf("invalid base64 data: %v", err)
	}
	var zr io.ReadCloser
	switch compression {
	case "":
		if len(b) != want {
			return nil, fmt.Sprintf("data holds %d bytes, the layer needs %d", len(b), want)
		}
		return b, ""
	case "zlib":
		zr, err = zlib.NewReader(bytes.NewReader(b))
	case "gzip":
		var gr *gzip.Reader
		if gr, err = gzip.NewReader(bytes.NewReader(b)); err == nil {
			zr = gr
		}
	case "zstd":
		return nil, "zstd compression is not supported (use zlib, gzip or none)"
	default:
		return nil, fmt.Sprintf("compression %q is not supported (use zlib, gzip or none)", compression)
	}
	if err != nil {
		return nil, fmt.Sprintf("invalid %s data: %v", compression, err)
	}
	defer zr.Close()
	out := make([]byte, want+1)
	got, err := io.ReadFull(io.LimitReader(zr, int64(want+1)), out)
	switch {
	case got > want:
		return nil, fmt.Sprintf("%s data inflates to more than the %d bytes the layer needs", compression, want)
	case err != nil && err != io.ErrUnexpectedEOF && err != io.EOF:
		return nil, fmt.Sprintf("invalid %s data: %v", compression, err)
	case got < want:
		return nil, fmt.Sprintf("%s data inflates to %d bytes, the layer needs %d", compression, got, want)
	}
	return out[:want], ""
}

// objectLayer reads the objects of an object layer into l.
func (mp *mapParser) objectLayer(where string, l *Layer, list []tmjObject) {
	if mp.objects+len(list) > maxObjects {
		mp.fail(fmt.Sprintf("%s: the map holds more than %d objects", where, maxObjects))
		return
	}
	mp.objects += len(list)
	l.Objects = make([]Object, 0, len(list))
	for _, r := range list {
		ow := fmt.Sprintf("%s, object %d", where, r.ID)
		if r.Name != "" {
			ow = fmt.Sprintf("%s, object %d %q", where, r.ID, r.Name)
		}
		if r.Template != nil {
			mp.fail(fmt.Sprintf("%s: uses the template %q; detach it in Tiled (templates are not supported)", ow, *r.Template))
			return
		}
		if r.ID != 0 {
			if mp.ids[r.ID] {
				mp.fail(ow + ": object id used twice")
				return
			}
			mp.ids[r.ID] = true
		}
		for _, v := range [...]float64{r.X, r.Y, r.Width, r.Height, r.Rotation} {
			if !finite(v) {
				mp.fail(ow + ": coordinates and sizes must be within ±16777216")
				return
			}
		}
		o := Object{
			ID: r.ID, Name: r.Name, Class: firstNonEmpty(r.Class, r.Type),
			X: r.X, Y: r.Y, Width: r.Width, Height: r.Height, Rotation: r.Rotation,
			Visible:    r.Visible == nil || *r.Visible,
			Properties: mp.properties(ow, r.Properties),
		}
		switch {
		case r.GID != 0:
			o.Shape = TileObject
			o.GID, o.Flip = splitGID(r.GID)
			if ts, _ := mp.m.Tileset(o.GID); ts == nil {
				mp.fail(fmt.Sprintf("%s: gid %d belongs to no tileset", ow, o.GID))
				return
			}
		case r.Point:
			o.Shape = Point
		case r.Ellipse:
			o.Shape = Ellipse
		case r.Polygon != nil:
			o.Shape, o.Points = Polygon, r.Polygon
		case r.Polyline != nil:
			o.Shape, o.Points = Polyline, r.Polyline
		case r.Text != nil:
			o.Shape, o.Text = Text, r.Text.Text
			if len(o.Text) > 4*maxTextLen {
				mp.fail(ow + ": text is too long")
				return
			}
		}
		if len(o.Points) > maxPoints {
			mp.fail(fmt.Sprintf("%s: more than %d points", ow, maxPoints))
			return
		}
		for _, pt := range o.Points {
			if !finite(pt.X) || !finite(pt.Y) {
				mp.fail(ow + ": points must be within ±16777216")
				return
			}
		}
		l.Objects = append(l.Objects, o)
	}
}

// properties converts Tiled custom properties.
func (mp *mapParser) properties(where string, list []tmjProperty) Properties {
	if len(list) == 0 {
		return nil
	}
	if len(list) > maxProps {
		mp.fail(fmt.Sprintf("%s: more than %d properties", where, maxProps))
		return nil
	}
	ps := make(Properties, 0, len(list))
	for _, r := range list {
		pw := fmt.Sprintf("%s, property %q", where, r.Name)
		if r.Name == "" || len(r.Name) > maxPropName {
			mp.fail(fmt.Sprintf("%s: property names must be 1 to %d bytes", where, maxPropName))
			return nil
		}
		if _, dup := ps.Lookup(r.Name); dup {
			mp.fail(pw + ": set twice")
			return nil
		}
		val := bytes.TrimSpace(r.Value)
		if len(val) == 0 || string(val) == "null" {
			mp.fail(pw + ": has no value")
			return nil
		}
		typ := r.Type
		if typ == "" {
			typ = "string"
		}
		var v any
		var err error
		switch typ {
		case "string":
			var s string
			err = json.Unmarshal(val, &s)
			if err == nil && len(s) > 4*maxTextLen {
				err = errors.New("text too long")
			}
			v = s
		case "int":
			var i int64
			err = json.Unmarshal(val, &i)
			v = i
		case "float":
			var f float64
			err = json.Unmarshal(val, &f)
			v = f
		case "bool":
			var b bool
			err = json.Unmarshal(val, &b)
			v = b
		default:
			mp.fail(fmt.Sprintf("%s: type %q is not supported (use string, int, float or bool)", pw, r.Type))
			return nil
		}
		if err != nil {
			mp.fail(fmt.Sprintf("%s: value %.40s is not a valid %s", pw, val, typ))
			return nil
		}
		ps = append(ps, Property{Name: r.Name, Type: typ, Value: v})
	}
	return ps
}
