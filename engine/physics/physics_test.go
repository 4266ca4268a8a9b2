package physics

import "testing"

// walls numbers boxes as obstacles 1, 2, … in order, as a caller's broad phase would.
func walls(boxes ...Box) []Obstacle {
	obs := make([]Obstacle, len(boxes))
	for i, b := range boxes {
		obs[i] = Obstacle{Box: b, ID: uint32(i + 1)}
	}
	return obs
}

func TestMove(t *testing.T) {
	floor := Box{X: 0, Y: 100, W: 200, H: 16}
	wall := Box{X: 50, Y: 0, W: 4, H: 100}
	tests := []struct {
		name   string
		start  Box
		dx, dy float64
		obs    []Box
		want   Box
		hit    Hit
	}{
		{"free move", Box{0, 0, 10, 10}, 3, 4, nil, Box{3, 4, 10, 10}, Hit{}},
		{"lands on floor", Box{0, 85, 10, 10}, 0, 20, []Box{floor}, Box{0, 90, 10, 10}, Hit{Y: true, ID: 1}},
		{"rests on floor, slides", Box{0, 90, 10, 10}, 5, 0, []Box{floor}, Box{5, 90, 10, 10}, Hit{}},
		{"stops at wall", Box{30, 50, 10, 10}, 30, 0, []Box{wall}, Box{40, 50, 10, 10}, Hit{X: true, ID: 1}},
		{"no tunnelling through thin wall", Box{0, 50, 10, 10}, 500, 0, []Box{wall}, Box{40, 50, 10, 10}, Hit{X: true, ID: 1}},
		{"stops at wall going left", Box{70, 50, 10, 10}, -30, 0, []Box{wall}, Box{54, 50, 10, 10}, Hit{X: true, ID: 1}},
		{"ceiling", Box{0, 20, 10, 10}, 0, -30, []Box{{0, 0, 100, 10}}, Box{0, 10, 10, 10}, Hit{Y: true, ID: 1}},
		{"nearest of two walls wins", Box{0, 0, 10, 10}, 100, 0, []Box{{80, 0, 5, 10}, {30, 0, 5, 10}}, Box{20, 0, 10, 10}, Hit{X: true, ID: 2}},
		{"already inside does not block", Box{50, 50, 10, 10}, 20, 0, []Box{wall}, Box{70, 50, 10, 10}, Hit{}},
		{"corner: x blocked, y free", Box{30, 50, 10, 10}, 20, 5, []Box{wall}, Box{40, 55, 10, 10}, Hit{X: true, ID: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hit := Move(tt.start, tt.dx, tt.dy, walls(tt.obs...))
			if got != tt.want || hit != tt.hit {
				t.Errorf("Move = %v %+v, want %v %+v", got, hit, tt.want, tt.hit)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	a := Box{0, 0, 10, 10}
	tests := []struct {
		b    Box
		want bool
	}{
		{Box{5, 5, 10, 10}, true},
		{Box{10, 0, 10, 10}, false}, // touching edge
		{Box{0, 10, 10, 10}, false},
		{Box{2, 2, 2, 2}, true}, // contained
		{Box{-5, -5, 30, 30}, true},
		{Box{20, 20, 1, 1}, false},
	}
	for _, tt := range tests {
		if got := Overlaps(a, tt.b); got != tt.want {
			t.Errorf("Overlaps(%v, %v) = %v, want %v", a, tt.b, got, tt.want)
		}
	}
}

func TestReachCoversTheMove(t *testing.T) {
	b := Box{10, 10, 4, 4}
	if got := Reach(b, 5, -3); got != (Box{10, 7, 9, 7}) {
		t.Errorf("Reach = %v", got)
	}
}
