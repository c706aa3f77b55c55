package auth

import (
	"errors"
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// MinPasswordLength is the shortest password anyone may set.
const MinPasswordLength = 12

// argonParams follow RFC 9106's second recommendation, lighter on memory so
// that sign-in stays quick on a two-core server: 64 MiB, 1 pass, 2 lanes.
var argonParams = &argon2id.Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// HashPassword hashes a password with argon2id.
func HashPassword(pw string) (string, error) {
	return argon2id.CreateHash(pw, argonParams)
}

// CheckPassword compares a password with its hash.
func CheckPassword(pw, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}

// ErrPasswordTooShort is returned for passwords under MinPasswordLength.
var ErrPasswordTooShort = errors.New("password too short")

// ValidatePassword checks the rules a new password must meet.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return ErrPasswordTooShort
	}
	return nil
}

// dummyHash is compared against when the user does not exist, so that an
// unknown name takes as long as a wrong password. It is made at the first
// sign-in with an unknown name, not when the package loads: a program
// that imports auth (a test, prdesk migrate) pays nothing for it.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("no such user, no such password")
	if err != nil {
		panic(err)
	}
	return h
})
