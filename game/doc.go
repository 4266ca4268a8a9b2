// Package game is the Communs Arcade application built on the engine: scenes,
// menus, the campaign, leaderboards and settings.
//
// It is a placeholder for now; the game arrives with the game issue.
package game
