package press

// WalkCommonAbove is s with a search of more than commonAbove matches
// read by walking the list's order, firstChunk releases at first.
func WalkCommonAbove(s *Store, commonAbove, firstChunk int) *Store {
	c := *s
	c.commonAbove, c.firstChunk = commonAbove, firstChunk
	return &c
}
