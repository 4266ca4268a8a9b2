package game

import "encoding/base64"

// encodeBase64 is how replays travel as text: in localStorage and to the
// page's testing interface.
func encodeBase64(b []byte) string {
	if b == nil {
		return ""
	}
	return base64.StdEncoding.EncodeToString(b)
}
