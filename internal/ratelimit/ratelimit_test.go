package ratelimit

import (
	"testing"
	"time"
)

func TestBurstThenRefill(t *testing.T) {
	now := time.Date(2026, 5, 11, 9, 0, 0, 0, time.UTC)
	l := New(3, time.Minute, func() time.Time { return now })
	for i := range 3 {
		if !l.AllowKey("a") {
			t.Fatalf("use %d of the burst refused", i+1)
		}
	}
	if l.AllowKey("a") {
		t.Fatal("a fourth use within the burst was allowed")
	}
	if !l.AllowKey("b") {
		t.Fatal("another address was refused")
	}
	now = now.Add(20 * time.Second) // one token back
	if !l.AllowKey("a") {
		t.Fatal("refused after a token came back")
	}
	if l.AllowKey("a") {
		t.Fatal("allowed twice on one token")
	}
	now = now.Add(time.Hour) // the bucket is full again, and swept
	for i := range 3 {
		if !l.AllowKey("a") {
			t.Fatalf("after an hour, use %d refused", i+1)
		}
	}
}

func TestClockGoingBackGivesNothing(t *testing.T) {
	now := time.Date(2026, 5, 11, 9, 0, 0, 0, time.UTC)
	l := New(1, time.Minute, func() time.Time { return now })
	l.AllowKey("a")
	now = now.Add(-time.Hour)
	if l.AllowKey("a") {
		t.Fatal("a clock set back filled the bucket")
	}
}
