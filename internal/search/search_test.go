package search

import (
	"slices"
	"testing"
)

// A hit named by its id gives the id back; one named by a registration
// number gives none.
func TestRefIDs(t *testing.T) {
	hits := []Hit{{Ref: IDRef(42)}, {Ref: "SAR-1/2026/7"}, {Ref: IDRef(7)}, {Ref: "#x"}}
	if got := RefIDs(hits); !slices.Equal(got, []int64{42, 7}) {
		t.Errorf("RefIDs = %v", got)
	}
}
