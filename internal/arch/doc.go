// Package arch holds no code: its tests check the shape every area follows
// (the README's "How an area is built") across the source tree.
package arch
