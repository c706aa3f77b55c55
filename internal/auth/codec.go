package auth

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/alexedwards/scs/v2"
)

// SessionCodec stores a session's deadline and values in a small binary
// form. Every signed-in request decodes its session, and scs's default gob
// codec built a new decoder, type descriptions included, each time: a
// tenth of a list page's work. Sessions hold only strings, integers,
// booleans, floats and times; a value of another type is an error when the
// session is saved. Data written by the gob codec (sessions from before
// this codec) still decodes.
type SessionCodec struct{}

// sessionFormat opens every session this codec writes. Gob data never
// starts with it: gob opens with the message's length as an unsigned
// integer, whose first byte is below 0x80 or a negated byte count (0xF8 to
// 0xFF).
const sessionFormat = 0x80

// The accounts' revision rides with the session, from the store to
// LoadUser, inside scs's own per-request state; nothing of ours is written
// into the request's context while the request runs.
//
// SessionStore.FindCtx reads the session's row and the accounts' revision
// in one query and puts usersRevisionFrame and the revision in front of the
// stored bytes. Decode takes them off and adds the revision to the
// session's values under sessionUsersRevision, where LoadUser reads it as
// any other value of the session (scs.SessionManager.Get). Encode leaves
// that value out, so the revision is never stored: each request sees the
// one read with its own session. The frame exists only between FindCtx and
// Decode; a stored session never starts with it.
const (
	usersRevisionFrame   = 0x81
	sessionUsersRevision = "users_revision"
)

// withUsersRevision frames the stored session b with the accounts' revision.
func withUsersRevision(b []byte, revision int64) []byte {
	out := make([]byte, 0, 1+binary.MaxVarintLen64+len(b))
	out = binary.AppendVarint(append(out, usersRevisionFrame), revision)
	return append(out, b...)
}

const (
	tagString byte = 's'
	tagInt64  byte = 'i'
	tagInt    byte = 'n'
	tagBool   byte = 'b'
	tagTime   byte = 't'
	tagFloat  byte = 'f'
)

var _ scs.Codec = SessionCodec{}

// Encode writes deadline and values.
func (SessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, sessionFormat)
	b = binary.AppendVarint(b, deadline.UnixNano())
	n := len(values)
	if _, ok := values[sessionUsersRevision]; ok {
		n--
	}
	b = binary.AppendUvarint(b, uint64(n))
	for k, v := range values {
		if k == sessionUsersRevision {
			continue // read with the session each time, never stored
		}
		b = appendString(b, k)
		switch x := v.(type) {
		case string:
			b = appendString(append(b, tagString), x)
		case int64:
			b = binary.AppendVarint(append(b, tagInt64), x)
		case int:
			b = binary.AppendVarint(append(b, tagInt), int64(x))
		case bool:
			t := byte(0)
			if x {
				t = 1
			}
			b = append(b, tagBool, t)
		case time.Time:
			b = binary.AppendVarint(append(b, tagTime), x.UnixNano())
		case float64:
			b = binary.BigEndian.AppendUint64(append(b, tagFloat), math.Float64bits(x))
		default:
			return nil, fmt.Errorf("session value %q of type %T cannot be stored", k, v)
		}
	}
	return b, nil
}

var errSessionData = errors.New("session data is damaged")

// Decode reads what Encode wrote, or what scs's gob codec wrote, framed or
// not with the accounts' revision.
func (c SessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) == 0 || b[0] != usersRevisionFrame {
		return c.decode(b)
	}
	r := sessionReader{b: b[1:]}
	revision := r.varint()
	if r.err != nil {
		return time.Time{}, nil, r.err
	}
	deadline, values, err := c.decode(r.b)
	if err != nil {
		return time.Time{}, nil, err
	}
	if values == nil {
		values = map[string]any{}
	}
	values[sessionUsersRevision] = revision
	return deadline, values, nil
}

func (SessionCodec) decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) == 0 || b[0] != sessionFormat {
		return scs.GobCodec{}.Decode(b)
	}
	r := sessionReader{b: b[1:]}
	deadline := time.Unix(0, r.varint()).UTC()
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return time.Time{}, nil, errSessionData
	}
	values := make(map[string]any, n)
	for range n {
		k := r.string()
		switch r.byte() {
		case tagString:
			values[k] = r.string()
		case tagInt64:
			values[k] = r.varint()
		case tagInt:
			values[k] = int(r.varint())
		case tagBool:
			values[k] = r.byte() == 1
		case tagTime:
			values[k] = time.Unix(0, r.varint())
		case tagFloat:
			values[k] = math.Float64frombits(r.uint64())
		default:
			r.err = errSessionData
		}
		if r.err != nil {
			return time.Time{}, nil, r.err
		}
	}
	if len(r.b) != 0 {
		return time.Time{}, nil, errSessionData
	}
	return deadline, values, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// sessionReader reads Encode's fields; the first failure sticks.
type sessionReader struct {
	b   []byte
	err error
}

func (r *sessionReader) fail() { r.err, r.b = errSessionData, nil }

func (r *sessionReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *sessionReader) uint64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *sessionReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
