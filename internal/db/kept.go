package db

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
)

// What is kept in memory between requests is kept at a revision: a row of
// the revisions table (migration 00020 and later) that triggers move on at
// every change of what it stands for, from any server or psql. A reader
// reads the revision (in the same round trip as its other reads where it
// can) and uses what it kept only while the revision is the same.
//
// A revision read inside a transaction that changed the table may yet be
// rolled back and its number given again to another change: build what you
// keep through the pool, never through a transaction that writes.

// RevisionSQL reads the revision of name ($1).
const RevisionSQL = `select n from revisions where name = $1`

// Revision reads the revision of name through q.
func Revision(ctx context.Context, q Querier, name string) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, RevisionSQL, name).Scan(&n)
	return n, err
}

// QueueRevision adds the read of name's revision to b; *into holds it once b is sent.
func QueueRevision(b *pgx.Batch, name string, into *int64) {
	b.Queue(RevisionSQL, name).QueryRow(func(row pgx.Row) error { return row.Scan(into) })
}

// Kept is one value as built at one revision.
type Kept[T any] struct {
	mu       sync.Mutex
	revision int64
	value    T
	has      bool
}

// Get is the kept value when it was built at revision.
func (k *Kept[T]) Get(revision int64) (T, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.has || k.revision != revision {
		var zero T
		return zero, false
	}
	return k.value, true
}

// Put keeps v, built at revision, unless a newer one is kept: a reader that
// read the revision before a change and the data after it keeps newer data
// under the older revision, which the next reader no longer matches, never
// older data under the newer one.
func (k *Kept[T]) Put(revision int64, v T) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.has && revision < k.revision {
		return
	}
	k.value, k.revision, k.has = v, revision, true
}

// KeptMap is values by key, all as built at one revision; a newer revision
// starts it afresh, and so does reaching Max entries.
type KeptMap[K comparable, V any] struct {
	Max int // the most entries kept; 0 is no bound

	mu       sync.Mutex
	revision int64
	values   map[K]V
}

// Get is the value of key when it was built at revision.
func (k *KeptMap[K, V]) Get(revision int64, key K) (V, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.values[key]
	if !ok || k.revision != revision {
		var zero V
		return zero, false
	}
	return v, true
}

// Peek is the value of key with the revision it was built at, for a
// reader that reads the current revision in the same round trip as the
// work the value saves, and so learns only afterwards whether it held.
func (k *KeptMap[K, V]) Peek(key K) (V, int64, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.values[key]
	return v, k.revision, ok
}

// Put keeps v for key, built at revision; what was built at an older
// revision is dropped, and v is dropped if a newer revision is kept.
func (k *KeptMap[K, V]) Put(revision int64, key K, v V) {
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case k.values != nil && revision < k.revision:
		return
	case k.values == nil || revision > k.revision || (k.Max > 0 && len(k.values) >= k.Max):
		k.values, k.revision = map[K]V{}, revision
	}
	k.values[key] = v
}
