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
// form. Every signed-in request decodes its session, and scs's gob codec
// builds a new decoder, type descriptions included, each time: a tenth of
// a list page's work. Sessions hold only strings, integers, booleans and
// times; a value of another type is an error when the session is saved.
// Data written by the gob codec (sessions from before) still decodes.
type SessionCodec struct{}

// sessionFormat opens every session this codec writes. Gob data never
// starts with it: gob opens with the message's length as an unsigned
// integer, whose first byte is below 0x80 or a negated byte count (0xF8 to
// 0xFF).
const sessionFormat = 0x80

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
	b = binary.AppendUvarint(b, uint64(len(values)))
	for k, v := range values {
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

// Decode reads what Encode wrote, or what scs's gob codec wrote.
func (SessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
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
