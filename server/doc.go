// Package server is the Communs Arcade server: it serves the web game and
// levels, and verifies submitted scores by replaying the recorded inputs in the
// same deterministic simulation before it accepts them.
//
// It is a placeholder for now.
package server
