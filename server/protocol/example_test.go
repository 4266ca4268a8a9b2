package protocol

import (
	"encoding/hex"
	"fmt"
)

// The frame given as an example in docs/protocol.md.
func ExampleEncode() {
	b, _ := Encode(nil, 3, &Watch{Level: "demo"})
	fmt.Println(hex.EncodeToString(b))
	// Output: 83a174a57761746368a2696403a16281a16ca464656d6f
}
