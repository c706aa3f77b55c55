// Package privacy answers a data subject's request (GDPR art. 15) across
// the product: staff look a person up once, by name, personal code, e-mail
// or phone, see what every area holds about them, and export it as one
// PDF. The package is a platform part: each area that keeps personal data
// implements Source and the app hands the sources to the handler, so
// privacy imports no area.
package privacy

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/daugavpils/prdesk/internal/db"
)

// Key is what a person is looked up by.
type Key string

const (
	ByName  Key = "name"
	ByCode  Key = "code"
	ByEmail Key = "email"
	ByPhone Key = "phone"
)

// Keys in the order the form and the records show them.
var Keys = []Key{ByName, ByCode, ByEmail, ByPhone}

// Person is a checked lookup: any of its keys may be empty, not all.
// A record is found when it matches any key given.
type Person struct {
	// Name as typed, its words separated by single spaces. A record's name
	// matches when it has every word, in any order, regardless of case
	// and diacritics ("berzina zane" finds "Zane Bērziņa").
	Name string
	// Code is a personal code with its hyphen (personcode.Normalise).
	Code string
	// Email matches regardless of case.
	Email string
	// Phone is the number's digits, without a leading + or 00; a Latvian
	// number matches with or without its country code (PhoneForms).
	Phone string
}

// Given lists the keys the lookup has, in Keys' order.
func (p Person) Given() []Key {
	var out []Key
	for _, k := range Keys {
		if p.Value(k) != "" {
			out = append(out, k)
		}
	}
	return out
}

// Value is the lookup's value of key k.
func (p Person) Value(k Key) string {
	switch k {
	case ByName:
		return p.Name
	case ByCode:
		return p.Code
	case ByEmail:
		return p.Email
	case ByPhone:
		return p.Phone
	}
	return ""
}

// PhoneForms are the digits a stored number (its digits only, as
// PhoneDigits gives them) may have to be this person's: the number as
// typed, and a Latvian number of eight digits with and without 371 and
// 00371 before it. Empty when no phone was given. An area matches with
// `regexp_replace(phone, '[^0-9]', ”, 'g') = any($n)`.
func (p Person) PhoneForms() []string {
	d := p.Phone
	if d == "" {
		return nil
	}
	local := d
	if len(d) == 11 && strings.HasPrefix(d, "371") {
		local = d[3:]
	}
	if len(local) == 8 {
		return []string{local, "371" + local, "00371" + local}
	}
	return []string{d, "00" + d}
}

// NameSeparator tells the characters that separate the words of a name.
func NameSeparator(r rune) bool { return unicode.IsSpace(r) || r == '-' }

// PhoneDigits is a typed phone number's digits, without a leading 00
// (an international prefix typed instead of +).
func PhoneDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	return strings.TrimPrefix(d, "00")
}

// Field is one item of personal data in a record: its label and value, in
// the language of the context Find was given.
type Field struct {
	Label string
	Value string
}

// Section is a part of a record the export prints under its own heading:
// a submission's answer, a booking's history.
type Section struct {
	Title  string
	Fields []Field
}

// Record is one thing an area holds about the person.
type Record struct {
	// Kind names what the record is ("Iesniegums", "Pieraksts uz
	// pieņemšanu"), in the language of Find's context.
	Kind string
	// ID is the record's id in its table; Number how staff name it (a
	// registration number, or "#12").
	ID     int64
	Number string
	// Date is when it was made or happens (a booking's time).
	Date time.Time
	// Summary is a short description: a subject, a topic.
	Summary string
	// Link is the path of the record's own page for those who may open
	// it, "" when it has none.
	Link string
	// Matched are the keys of the lookup the record matched.
	Matched []Key
	// Fields are the record's personal data: name, code, contacts,
	// address, what the person told.
	Fields []Field
	// Sections are everything else the record holds, for the export
	// only: Find fills them when full is true.
	Sections []Section
}

// Limit is the most records one area lists for one lookup; Find returns
// at most Limit+1, so that the page can say there are more and ask for a
// narrower key.
const Limit = 200

// Source is what an area offers for a data subject's request.
type Source interface {
	// Area is the catalogue key of the area's name, as the navigation
	// names it ("area.petitions").
	Area() string
	// Find lists the records the area holds about p, newest first, at
	// most Limit+1, read through q (the request's one transaction). Each
	// record says which of p's keys it matched. With full, each also
	// carries its Sections, for the export. Texts are in the language of
	// ctx.
	Find(ctx context.Context, q db.Querier, p Person, full bool) ([]Record, error)
}

// Found is one area's answer.
type Found struct {
	Area    string // catalogue key of the area's name
	Records []Record
	More    bool // Limit cut the list
}

// Count is how many records were found in all areas.
func Count(found []Found) int {
	n := 0
	for _, f := range found {
		n += len(f.Records)
	}
	return n
}
