package input

import (
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

func TestDefaultMapping(t *testing.T) {
	m := DefaultMapping()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[ebiten.Key]Action{
		ebiten.KeyArrowLeft: ActionLeft, ebiten.KeyA: ActionLeft,
		ebiten.KeyArrowRight: ActionRight, ebiten.KeyD: ActionRight,
		ebiten.KeyArrowUp: ActionUp, ebiten.KeyW: ActionUp,
		ebiten.KeyArrowDown: ActionDown, ebiten.KeyS: ActionDown,
		ebiten.KeyZ: ActionA, ebiten.KeySpace: ActionA, ebiten.KeyEnter: ActionA,
		ebiten.KeyX: ActionB, ebiten.KeyShift: ActionB,
		ebiten.KeyEscape: ActionPause, ebiten.KeyP: ActionPause,
	}
	for k, a := range want {
		if got, ok := m.Owner(k); !ok || got != a {
			t.Errorf("Owner(%s) = %s, %v; want %s", k, got, ok, a)
		}
	}
	n := 0
	for _, a := range Actions() {
		n += len(m.Keys(a))
	}
	if n != len(want) {
		t.Errorf("default mapping binds %d keys, want %d", n, len(want))
	}
}

func TestActions(t *testing.T) {
	wantBtn := []sim.Buttons{sim.Left, sim.Right, sim.Up, sim.Down, sim.A, sim.B, 0}
	for i, a := range Actions() {
		if a.Button() != wantBtn[i] {
			t.Errorf("%s.Button() = %d, want %d", a, a.Button(), wantBtn[i])
		}
		if p, ok := ParseAction(a.String()); !ok || p != a {
			t.Errorf("ParseAction(%q) = %v, %v", a.String(), p, ok)
		}
	}
	if _, ok := ParseAction("jump"); ok {
		t.Error("ParseAction accepted jump")
	}
	if s := Action(42).String(); s != "Action(42)" {
		t.Errorf("Action(42).String() = %q", s)
	}
}

func TestBind(t *testing.T) {
	k := func(ks ...ebiten.Key) []ebiten.Key { return ks }
	tests := []struct {
		name   string
		from   Mapping
		action Action
		key    ebiten.Key
		want   map[Action][]ebiten.Key // only the actions that matter
	}{
		{
			name: "free key becomes primary", from: DefaultMapping(), action: ActionA, key: ebiten.KeyC,
			want: map[Action][]ebiten.Key{ActionA: k(ebiten.KeyC, ebiten.KeyZ, ebiten.KeySpace, ebiten.KeyEnter)},
		},
		{
			name: "own key moves to front", from: DefaultMapping(), action: ActionA, key: ebiten.KeyEnter,
			want: map[Action][]ebiten.Key{ActionA: k(ebiten.KeyEnter, ebiten.KeyZ, ebiten.KeySpace)},
		},
		{
			name: "key taken from another action that keeps a key", from: DefaultMapping(), action: ActionA, key: ebiten.KeyX,
			want: map[Action][]ebiten.Key{
				ActionA: k(ebiten.KeyX, ebiten.KeyZ, ebiten.KeySpace, ebiten.KeyEnter),
				ActionB: k(ebiten.KeyShift),
			},
		},
		{
			name: "beyond the cap the last key goes",
			from: DefaultMapping().Bind(ActionA, ebiten.KeyC), action: ActionA, key: ebiten.KeyV,
			want: map[Action][]ebiten.Key{ActionA: k(ebiten.KeyV, ebiten.KeyC, ebiten.KeyZ, ebiten.KeySpace)},
		},
		{
			name: "emptied action gets the old primary (swap)",
			from: DefaultMapping().Unbind(ActionB, ebiten.KeyShift), action: ActionA, key: ebiten.KeyX,
			want: map[Action][]ebiten.Key{
				ActionA: k(ebiten.KeyX, ebiten.KeySpace, ebiten.KeyEnter),
				ActionB: k(ebiten.KeyZ),
			},
		},
		{
			name: "invalid key changes nothing", from: DefaultMapping(), action: ActionA, key: ebiten.Key(-1),
			want: map[Action][]ebiten.Key{ActionA: k(ebiten.KeyZ, ebiten.KeySpace, ebiten.KeyEnter)},
		},
		{
			name: "invalid action changes nothing", from: DefaultMapping(), action: Action(99), key: ebiten.KeyC,
			want: map[Action][]ebiten.Key{ActionA: k(ebiten.KeyZ, ebiten.KeySpace, ebiten.KeyEnter)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := EncodeMapping(tt.from)
			got := tt.from.Bind(tt.action, tt.key)
			if string(EncodeMapping(tt.from)) != string(before) {
				t.Error("Bind modified its receiver")
			}
			for a, ks := range tt.want {
				if !slices.Equal(got.Keys(a), ks) {
					t.Errorf("%s = %v, want %v", a, got.Keys(a), ks)
				}
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestMappingIsAValue(t *testing.T) {
	m := DefaultMapping()
	m.Keys(ActionA)[0] = ebiten.KeyQ
	if m.Keys(ActionA)[0] != ebiten.KeyZ {
		t.Error("Keys returned the mapping's own slice")
	}
	r := NewReader(m)
	m2 := m.Bind(ActionA, ebiten.KeyQ)
	if r.Mapping().Keys(ActionA)[0] != ebiten.KeyZ || m.Keys(ActionA)[0] != ebiten.KeyZ {
		t.Error("Bind changed a mapping it was not called on")
	}
	r.SetMapping(m2)
	if !r.Mapping().Equal(m2) || r.Mapping().Equal(m) {
		t.Error("SetMapping did not take effect")
	}
}

func TestValidate(t *testing.T) {
	var dup Mapping = DefaultMapping()
	dup.keys[ActionB] = append(dup.keys[ActionB], ebiten.KeyZ)
	var twice Mapping = DefaultMapping()
	twice.keys[ActionB] = append(twice.keys[ActionB], ebiten.KeyX)
	var many Mapping = DefaultMapping()
	many.keys[ActionB] = []ebiten.Key{ebiten.KeyC, ebiten.KeyV, ebiten.KeyB, ebiten.KeyN, ebiten.KeyM}
	var unknown Mapping = DefaultMapping()
	unknown.keys[ActionB] = []ebiten.Key{ebiten.KeyMax + 1}
	tests := []struct {
		name string
		m    Mapping
		want string
	}{
		{"zero mapping", Mapping{}, "input: action left has no key"},
		{"unbound action", DefaultMapping().Unbind(ActionPause, ebiten.KeyEscape).Unbind(ActionPause, ebiten.KeyP), "input: action pause has no key"},
		{"key bound twice", dup, "input: key Z bound to both a and b"},
		{"key listed twice", twice, "input: key X listed twice for b"},
		{"too many keys", many, "input: action b has 5 keys, at most 4 allowed"},
		{"unknown key", unknown, "input: action b has unknown key"},
	}
	for _, tt := range tests {
		err := tt.m.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.want)
		}
	}
}
