package petitions

// SetFewVisible sets how many submissions a viewer may see for the lists
// to read them by id (-1: never), until the returned func restores it.
func SetFewVisible(n int64) (restore func()) {
	old := fewVisible.Swap(n)
	return func() { fewVisible.Store(old) }
}

// SetLookUpLimit sets how many matches of a prefix filter the lists read by
// id, until the returned func restores it.
func SetLookUpLimit(n int64) (restore func()) {
	old := lookUpLimit.Swap(n)
	return func() { lookUpLimit.Store(old) }
}
