package auth

import (
	"time"
)

// Sign-in is slowed down two ways, both read from login_attempts:
//
//   - by address: an address with AddressFailures failed attempts within
//     AddressWindow (for any user names) is refused until the oldest of
//     them is older than that, except for a user name that signed in from
//     it within KnownAddress. Guessing from one address stays slow, and
//     refusing it keeps the password hashing off the server; people who
//     share the address with the guesser (an office behind one router)
//     still sign in.
//   - by user name: after FreeFailures failures in a row (since the name's
//     last success), each further attempt for the name must wait
//     FirstDelay after the last failure, doubling with each failure, up to
//     MaxDelay. An attempt during the wait is refused, saying how long to
//     wait, and is not a failure: it does not make the wait longer.
//
// The user name's wait never keeps the owner out for long (MaxDelay), and
// does not stop them at all at an address they signed in from as that
// name within KnownAddress: there only that address's own failures count.
// Someone guessing from elsewhere cannot lock the owner out, as the
// 15-minute lock-out of a user name from any address could; guessing from
// addresses the name never signed in from is paced by the name's wait
// however many addresses it comes from.
const (
	AddressFailures = 30
	AddressWindow   = 15 * time.Minute
	FreeFailures    = 3
	FirstDelay      = 2 * time.Second
	MaxDelay        = time.Minute
	KnownAddress    = 90 * 24 * time.Hour
	// KeepAttempts is how long attempts are kept: the known addresses
	// reach back that far, and the administrator's list with them.
	KeepAttempts = KnownAddress
)

// Outcomes of a sign-in attempt, as login_attempts stores them.
const (
	OutcomeSuccess   = "success"
	OutcomeFailure   = "failure"
	OutcomeThrottled = "throttled" // refused: too many failures from the address
	OutcomeDelayed   = "delayed"   // refused: the user name must wait
	OutcomeLocked    = "locked"    // refused by the lock-out of a user name (before issue 9)
)

// Outcomes lists every outcome, in the order the attempts page offers them.
var Outcomes = []string{OutcomeSuccess, OutcomeFailure, OutcomeThrottled, OutcomeDelayed, OutcomeLocked}

// throttle is what login_attempts say about one attempt about to be made.
type throttle struct {
	// known: the user name signed in from this address within KnownAddress.
	known bool
	// addressFailures are the address's failures within AddressWindow, at
	// most AddressFailures of them; oldestCounted is the oldest of those.
	addressFailures int
	oldestCounted   time.Time
	// failures are the user name's failures in a row that its wait counts
	// (at most failuresCounted), the last of them at lastFailure.
	failures    int
	lastFailure time.Time
}

// failuresCounted bounds the failures in a row that are read: past it the
// wait is MaxDelay anyway.
const failuresCounted = 32

// delayAfter is how long a user name waits after its failures-th failure in a row.
func delayAfter(failures int) time.Duration {
	if failures < FreeFailures {
		return 0
	}
	d := FirstDelay
	for i := FreeFailures; i < failures && d < MaxDelay; i++ {
		d *= 2
	}
	return min(d, MaxDelay)
}

// refusal says whether an attempt at now is refused, as which outcome,
// and how long until one would not be.
func (t throttle) refusal(now time.Time) (outcome string, wait time.Duration) {
	if t.addressFailures >= AddressFailures && !t.known {
		if w := t.oldestCounted.Add(AddressWindow).Sub(now); w > 0 {
			return OutcomeThrottled, w
		}
	}
	if d := delayAfter(t.failures); d > 0 {
		if w := t.lastFailure.Add(d).Sub(now); w > 0 {
			return OutcomeDelayed, w
		}
	}
	return "", 0
}
