// Package drafts hands a form from one area to another without putting what
// it holds in the address. The visitors' reception starts the registry's
// form with the visitor's name, personal code and contacts: in a query
// string they would stay in the browser's history and the server's logs.
// Instead the starting area keeps the values here, under a random key, in
// the transaction of its own use case (with its audit entry); the form's
// page takes them by the key, once, for the account that kept them.
//
// A draft lives for TTL. Expired drafts are swept whenever a draft is kept
// or taken, so none outlives its TTL by more than the next use.
package drafts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"time"
)

// TTL is how long a draft waits to be taken.
const TTL = 30 * time.Minute

// keyPattern is a key as New makes it; anything else is not looked up.
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// newKey is a random key (256 bits) and the hash it is stored by.
func newKey() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	key := base64.RawURLEncoding.EncodeToString(b)
	return key, hash(key), nil
}

func hash(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return sum[:]
}
