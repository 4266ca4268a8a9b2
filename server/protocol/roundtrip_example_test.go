package protocol_test

import (
	"fmt"
	"strings"

	"github.com/communs-arcade/arcade/server/protocol"
)

// A round trip: the client encodes a request, the server decodes the frame
// into its envelope (type tag and request id) and the validated message,
// and answers with the same id.
func ExampleDecode() {
	frame, err := protocol.Encode(nil, 7, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	env, msg, err := protocol.Decode(frame)
	if err != nil {
		fmt.Println(err)
		return
	}
	get := msg.(*protocol.GetBoard)
	fmt.Println(env.Type, env.ID, get.Level, get.Kind, get.Limit)
	// Output: get_board 7 demo top 10
}

// Decode refuses what the protocol does not allow with an *Error whose Code
// the server sends back; here a level id longer than MaxLevelID.
func ExampleDecode_invalid() {
	long := strings.Repeat("a", protocol.MaxLevelID+1)
	frame, _ := protocol.Encode(nil, 8, &protocol.Watch{Level: long})
	env, _, err := protocol.Decode(frame)
	fmt.Println(env.ID, protocol.CodeOf(err))
	// Output: 8 invalid
}
