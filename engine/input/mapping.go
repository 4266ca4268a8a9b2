package input

import (
	"fmt"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Action is something a player can ask for with a key: one of the six
// simulation buttons, or pausing the game.
type Action uint8

// The actions, in the order of the sim buttons, then Pause.
const (
	ActionLeft Action = iota
	ActionRight
	ActionUp
	ActionDown
	ActionA
	ActionB
	ActionPause
	numActions
)

// MaxKeysPerAction is how many keys one action may have.
const MaxKeysPerAction = 4

var actionNames = [numActions]string{"left", "right", "up", "down", "a", "b", "pause"}

// String returns the action's name as written in mapping text: "left",
// "right", "up", "down", "a", "b" or "pause".
func (a Action) String() string {
	if a < numActions {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// Button returns the simulation button the action presses, or 0 for
// ActionPause (pausing is not part of a run).
func (a Action) Button() sim.Buttons {
	if a < ActionPause {
		return 1 << a
	}
	return 0
}

// Actions lists every action in order.
func Actions() []Action {
	as := make([]Action, numActions)
	for i := range as {
		as[i] = Action(i)
	}
	return as
}

// ParseAction returns the action named name (as Action.String writes it).
func ParseAction(name string) (Action, bool) {
	for i, n := range actionNames {
		if n == name {
			return Action(i), true
		}
	}
	return 0, false
}

// Mapping says which keyboard keys trigger which action. It is a value:
// methods return a changed copy and never modify the receiver or share
// storage with it, so a Reader can keep one while a settings screen edits
// another. The zero Mapping binds nothing; start from DefaultMapping.
type Mapping struct {
	keys [numActions][]ebiten.Key
}

// DefaultMapping returns the mapping used until a player changes it: arrows
// and WASD move, Z, Space and Enter are A, X and Shift are B, Escape and P
// pause.
func DefaultMapping() Mapping {
	var m Mapping
	m.keys[ActionLeft] = []ebiten.Key{ebiten.KeyArrowLeft, ebiten.KeyA}
	m.keys[ActionRight] = []ebiten.Key{ebiten.KeyArrowRight, ebiten.KeyD}
	m.keys[ActionUp] = []ebiten.Key{ebiten.KeyArrowUp, ebiten.KeyW}
	m.keys[ActionDown] = []ebiten.Key{ebiten.KeyArrowDown, ebiten.KeyS}
	m.keys[ActionA] = []ebiten.Key{ebiten.KeyZ, ebiten.KeySpace, ebiten.KeyEnter}
	m.keys[ActionB] = []ebiten.Key{ebiten.KeyX, ebiten.KeyShift}
	m.keys[ActionPause] = []ebiten.Key{ebiten.KeyEscape, ebiten.KeyP}
	return m
}

// clone returns a deep copy of m.
func (m Mapping) clone() Mapping {
	var c Mapping
	for a, ks := range m.keys {
		if len(ks) > 0 {
			c.keys[a] = slices.Clone(ks)
		}
	}
	return c
}

// Keys returns the keys bound to a, the first one being the primary key a
// settings screen shows. The slice is a copy.
func (m Mapping) Keys(a Action) []ebiten.Key {
	if a >= numActions {
		return nil
	}
	return slices.Clone(m.keys[a])
}

// Owner returns the action k is bound to, if any.
func (m Mapping) Owner(k ebiten.Key) (Action, bool) {
	for a, ks := range m.keys {
		if slices.Contains(ks, k) {
			return Action(a), true
		}
	}
	return 0, false
}

// Equal reports whether m and o bind the same keys in the same order.
func (m Mapping) Equal(o Mapping) bool {
	for a := range m.keys {
		if !slices.Equal(m.keys[a], o.keys[a]) {
			return false
		}
	}
	return true
}

// Bind makes k the primary key of a, keeping a's other keys (the last one is
// dropped beyond MaxKeysPerAction). A key triggers one action only, so if k
// belonged to another action it is taken from it; should that action be left
// without keys, it receives a's previous primary key instead (the two swap),
// so every action stays reachable. Binding an invalid key or action returns
// m unchanged.
func (m Mapping) Bind(a Action, k ebiten.Key) Mapping {
	if a >= numActions || !validKey(k) {
		return m.clone()
	}
	c := m.clone()
	var oldPrimary ebiten.Key
	hadPrimary := len(c.keys[a]) > 0
	if hadPrimary {
		oldPrimary = c.keys[a][0]
	}
	var victim Action
	stolen := false
	for b := range c.keys {
		if Action(b) == a {
			continue
		}
		if i := slices.Index(c.keys[b], k); i >= 0 {
			c.keys[b] = slices.Delete(c.keys[b], i, i+1)
			victim, stolen = Action(b), true
		}
	}
	ks := slices.DeleteFunc(c.keys[a], func(x ebiten.Key) bool { return x == k })
	ks = slices.Insert(ks, 0, k)
	if stolen && len(c.keys[victim]) == 0 && hadPrimary && oldPrimary != k {
		ks = slices.DeleteFunc(ks, func(x ebiten.Key) bool { return x == oldPrimary })
		c.keys[victim] = []ebiten.Key{oldPrimary}
	}
	if len(ks) > MaxKeysPerAction {
		ks = ks[:MaxKeysPerAction]
	}
	c.keys[a] = ks
	return c
}

// Unbind removes k from a. It may leave a without keys: Validate reports
// that, so a settings screen can refuse to save.
func (m Mapping) Unbind(a Action, k ebiten.Key) Mapping {
	c := m.clone()
	if a < numActions {
		c.keys[a] = slices.DeleteFunc(c.keys[a], func(x ebiten.Key) bool { return x == k })
	}
	return c
}

// Validate reports the first problem that would make m unusable: an action
// without keys, too many keys, an unknown key, or a key bound twice.
func (m Mapping) Validate() error {
	seen := map[ebiten.Key]Action{}
	for a, ks := range m.keys {
		if len(ks) == 0 {
			return fmt.Errorf("input: action %s has no key", Action(a))
		}
		if len(ks) > MaxKeysPerAction {
			return fmt.Errorf("input: action %s has %d keys, at most %d allowed", Action(a), len(ks), MaxKeysPerAction)
		}
		for _, k := range ks {
			if !validKey(k) {
				return fmt.Errorf("input: action %s has unknown key %d", Action(a), int(k))
			}
			if b, dup := seen[k]; dup {
				if b == Action(a) {
					return fmt.Errorf("input: key %s listed twice for %s", k, b)
				}
				return fmt.Errorf("input: key %s bound to both %s and %s", k, b, Action(a))
			}
			seen[k] = Action(a)
		}
	}
	return nil
}

// validKey reports whether k is a key Ebiten knows by name.
func validKey(k ebiten.Key) bool {
	return k >= 0 && k <= ebiten.KeyMax && k.String() != ""
}

// pressed returns the actions whose keys isDown reports held.
func (m Mapping) pressed(isDown func(ebiten.Key) bool) (held [numActions]bool) {
	for a, ks := range m.keys {
		for _, k := range ks {
			if isDown(k) {
				held[a] = true
				break
			}
		}
	}
	return held
}
