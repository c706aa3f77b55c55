package auth

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodecRoundTrip(t *testing.T) {
	deadline := time.Date(2026, 11, 27, 22, 15, 0, 123, time.UTC)
	values := map[string]any{
		"user_id": int64(42), "last_seen": int64(1795000000), "flash": "Jūs izrakstījāties. Ūdens",
		"n": 7, "ok": true, "no": false, "at": time.Unix(0, 1795000000123456789), "f": 2.5, "": "",
	}
	b, err := SessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	gotDeadline, got, err := SessionCodec{}.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !gotDeadline.Equal(deadline) {
		t.Errorf("deadline %v, want %v", gotDeadline, deadline)
	}
	if !reflect.DeepEqual(got, values) {
		t.Errorf("values %#v, want %#v", got, values)
	}
	// Every shorter prefix is damaged data, never a panic or a session.
	for i := range len(b) {
		if _, _, err := (SessionCodec{}).Decode(b[:i]); err == nil && i > 0 {
			t.Errorf("a session cut to %d of %d bytes decoded", i, len(b))
		}
	}
	if _, err := (SessionCodec{}).Encode(deadline, map[string]any{"x": []int{1}}); err == nil {
		t.Error("a value of another type was stored")
	}
}

// Sessions written before the codec changed still sign people in.
func TestSessionCodecReadsGob(t *testing.T) {
	deadline := time.Now().Add(time.Hour).Round(0)
	// Short and long sessions: gob writes a length of 128 or more in two bytes.
	for _, flash := range []string{"x", strings.Repeat("garš paziņojums ", 20)} {
		old, err := scs.GobCodec{}.Encode(deadline, map[string]any{"user_id": int64(5), "flash": flash})
		if err != nil {
			t.Fatal(err)
		}
		d, v, err := SessionCodec{}.Decode(old)
		if err != nil || !d.Equal(deadline) || v["user_id"] != int64(5) || v["flash"] != flash {
			t.Errorf("gob session of %d bytes: %v %v %v", len(old), d, v, err)
		}
	}
}
