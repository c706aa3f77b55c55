// Package contacts is the directory of organisations and people (the
// regulation's clause 3.4): media outlets and journalists, institutions,
// municipalities, companies, schools and the people who work there, why the
// department keeps each person, and who has asked for no mailings. Every
// other area picks its journalists, guests and partners from here (Lookup)
// and records what each took part in (RecordUse); contacts imports no other
// area.
package contacts

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Kind is whether a contact is an organisation or a person.
type Kind string

const (
	Organisation Kind = "organisation"
	Person       Kind = "person"
)

// Kinds in the order filters show them.
var Kinds = []Kind{Person, Organisation}

// OrgType is what kind of body an organisation is.
type OrgType string

const (
	Media               OrgType = "media"
	State               OrgType = "state"
	Municipality        OrgType = "municipality"
	MunicipalUnit       OrgType = "municipal_unit"
	MunicipalCompany    OrgType = "municipal_company"
	NGO                 OrgType = "ngo"
	Company             OrgType = "company"
	School              OrgType = "school"
	ForeignMunicipality OrgType = "foreign_municipality"
	Embassy             OrgType = "embassy"
	International       OrgType = "international"
)

// OrgTypes in the order forms show them.
var OrgTypes = []OrgType{Media, State, Municipality, MunicipalUnit, MunicipalCompany, NGO, Company, School,
	ForeignMunicipality, Embassy, International}

// MediaKind is a media outlet's medium.
type MediaKind string

// MediaKinds in the order forms show them.
var MediaKinds = []MediaKind{"newspaper", "online", "tv", "radio", "agency", "magazine"}

// LegalBasis is why the department keeps a person's data.
type LegalBasis string

const (
	PublicTask         LegalBasis = "public_task"
	LegitimateInterest LegalBasis = "legitimate_interest"
	Consent            LegalBasis = "consent"
)

// LegalBases in the order forms show them.
var LegalBases = []LegalBasis{PublicTask, LegitimateInterest, Consent}

// Channel is how a person prefers to be reached.
type Channel string

// Channels in the order forms show them.
var Channels = []Channel{"email", "phone", "post"}

// Languages a person may speak, as ISO 639-1 codes.
var Languages = []string{"lv", "ru", "en", "ltg", "de", "pl", "lt", "be", "uk", "fr", "sv", "et"}

// Topics are a journalist's beats.
var Topics = []string{"politics", "economy", "culture", "education", "sport", "social", "health", "environment",
	"city", "transport", "tourism", "youth", "security", "business"}

// Contact is one organisation or person of the directory.
type Contact struct {
	ID               int64
	Kind             Kind
	Name             string // an organisation's Latvian name; a person's name and surname
	GivenName        string
	FamilyName       string
	NameOriginal     string
	OrgType          OrgType
	MediaKind        MediaKind
	Country          string
	City             string
	Address          string
	Website          string
	ParentID         *int64
	ParentName       string // read with the card
	Active           bool
	FormOfAddress    string
	Position         string
	Languages        []string
	PreferredChannel Channel
	Topics           []string
	Emails           []string
	Phones           []string
	Tags             []string
	Notes            string
	LegalBasis       LegalBasis
	ConsentDate      *time.Time
	ConsentScope     string
	Source           string
	OptOut           bool
	OptOutAt         *time.Time
	MergedInto       *int64
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	// PersonalDataRemovedAt is when retention removed the person's data
	// (EraseLapsed); nil while it is kept.
	PersonalDataRemovedAt *time.Time
}

// IsPerson tells whether c is a person.
func (c Contact) IsPerson() bool { return c.Kind == Person }

// Membership is a person's place in an organisation.
type Membership struct {
	ID         int64
	PersonID   int64
	PersonName string
	OrgID      int64
	OrgName    string
	OrgType    OrgType
	Role       string
	StartsOn   *time.Time
	EndsOn     *time.Time
}

// Current tells whether the membership has not ended.
func (m Membership) Current() bool { return m.EndsOn == nil }

// NormalizeEmail is an address as the directory keeps it: trimmed and in
// lower case (two spellings of one address are one duplicate).
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizePhone is a phone number as the directory keeps it: "+" and
// digits only; a Latvian number of eight digits gets +371. ok is false for
// what is no phone number (fewer than 7 or more than 15 digits, letters).
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var b strings.Builder
	plus := strings.HasPrefix(strings.TrimLeft(s, "( "), "+") || strings.HasPrefix(s, "00")
	if strings.HasPrefix(s, "00") {
		s = s[2:]
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
		default:
			return "", false
		}
	}
	d := b.String()
	if !plus && len(d) == 8 && (d[0] == '2' || d[0] == '6' || d[0] == '8') {
		d = "371" + d
		plus = true
	}
	if len(d) < 7 || len(d) > 15 {
		return "", false
	}
	if plus {
		return "+" + d, true
	}
	return d, true
}

// ValidEmail is a rough check of an address: one @, something either side,
// a dot in the domain, no spaces.
func ValidEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at < 1 || at != strings.LastIndexByte(s, '@') || len(s) > 254 {
		return false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsSpace)
}

// CleanTags trims, lower-cases and de-duplicates tags, dropping empty ones.
func CleanTags(in []string) []string {
	var out []string
	for _, t := range in {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// SplitList splits a field typed as one item a line (or separated by
// commas or semicolons) into its items.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' })
}

// PersonName is the name a person is shown by: "Given Family".
func PersonName(given, family string) string {
	return strings.TrimSpace(strings.TrimSpace(given) + " " + strings.TrimSpace(family))
}

// Countries are the countries forms and filters offer, as ISO 3166-1
// codes: Latvia, its neighbours, and the countries of the twin cities and
// embassies the department writes to.
var Countries = []string{"LV", "LT", "EE", "BY", "RU", "UA", "PL", "DE", "SE", "FI", "NO", "DK", "FR", "IT",
	"ES", "NL", "BE", "AT", "CZ", "SK", "GB", "IE", "US", "GE", "AM", "AZ", "MD", "KZ", "CN", "JP", "IL", "TR"}
