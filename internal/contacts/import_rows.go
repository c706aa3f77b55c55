package contacts

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// Verdicts on an imported row.
const (
	VerdictNew       = "new"
	VerdictDuplicate = "duplicate"
	VerdictInvalid   = "invalid"
)

// Verdicts in the order the preview's filter lists them.
var Verdicts = []string{VerdictNew, VerdictDuplicate, VerdictInvalid}

// Verdict is what the check found about one row: new, a duplicate (of a
// contact of the directory, or of a row before it in the file) or invalid,
// with the reason's message key and arguments.
type Verdict struct {
	Verdict   string
	Reason    string // a key under contacts.import.reason
	Args      []string
	MatchID   int64  // the directory's contact it duplicates
	MatchRow  int    // the row of the file it duplicates
	MatchName string // the contact's or the row's name
}

// importVocab are the words a file may use for kinds, types of
// organisation and countries: codes, and the labels in both languages,
// folded.
type importVocab struct {
	kinds     map[string]Kind
	orgTypes  map[string]OrgType
	countries map[string]string
	headers   map[string]string
}

func newImportVocab() importVocab {
	v := importVocab{kinds: map[string]Kind{}, orgTypes: map[string]OrgType{}, countries: map[string]string{}, headers: map[string]string{}}
	fold := func(s string) string { return strings.Join(Fold(s), " ") }
	for _, lang := range i18n.Languages {
		ctx := i18n.WithLocale(context.Background(), lang)
		for _, k := range Kinds {
			v.kinds[fold(string(k))] = k
			v.kinds[fold(i18n.T(ctx, "contacts.kind."+string(k)))] = k
		}
		for _, t := range OrgTypes {
			v.orgTypes[fold(string(t))] = t
			v.orgTypes[fold(i18n.T(ctx, "contacts.org_type."+string(t)))] = t
		}
		for _, c := range Countries {
			v.countries[fold(c)] = c
			v.countries[fold(i18n.T(ctx, "contacts.countries."+c))] = c
		}
		for _, f := range ImportFields {
			v.headers[fold(i18n.T(ctx, "contacts.import.field."+f))] = f
		}
	}
	v.kinds["organization"] = Organisation
	v.kinds["persona"] = Person
	v.kinds["individual"] = Person
	v.kinds["org"] = Organisation
	for k, f := range headerWords {
		v.headers[k] = f
	}
	return v
}

func importHeaderWords() map[string]string { return newImportVocab().headers }

// importedRow is a row read into a contact, with the organisation a person
// works for by name.
type importedRow struct {
	C   Contact
	Org string // a person's organisation as the file names it
}

// cleanCell is a cell as typed: trimmed, and without the apostrophe a
// spreadsheet export puts before what would be a formula ("'+371…").
func cleanCell(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// fieldLimits are the longest text each field takes (the database's checks).
var fieldLimits = map[string]int{"given_name": 150, "family_name": 150, "name": 300, "name_original": 300,
	"organisation": 300, "position": 200, "city": 100, "address": 300, "website": 300, "notes": 4000,
	"emails": 2000, "phones": 1000, "tags": 600, "kind": 60, "org_type": 100, "country": 100, "opt_out": 20}

// readImportRow reads a row's cells through the mapping into a contact, or
// the reason it cannot be one.
func readImportRow(v importVocab, mapping []string, headers int, row ImportRow) (importedRow, Verdict) {
	invalid := func(reason string, args ...string) (importedRow, Verdict) {
		return importedRow{}, Verdict{Verdict: VerdictInvalid, Reason: reason, Args: args}
	}
	if len(row.Cells) != headers && headers > 0 && !(len(row.Cells) > headers && blank(row.Cells[headers:])) {
		return invalid("columns", strconv.Itoa(len(row.Cells)), strconv.Itoa(headers))
	}
	val := map[string]string{}
	for i, f := range mapping {
		if f == "" || i >= len(row.Cells) {
			continue
		}
		s := cleanCell(row.Cells[i])
		if s == "" {
			continue
		}
		if len([]rune(s)) > fieldLimits[f] {
			return invalid("too_long", "contacts.import.field."+f, strconv.Itoa(fieldLimits[f]))
		}
		val[f] = s
	}
	if k, ok := strings.CutPrefix(val["kind"], vcardBadVersion); ok {
		return invalid("version", k)
	}
	fold := func(s string) string { return strings.Join(Fold(s), " ") }
	c := Contact{Active: true, Country: "LV"}
	var out importedRow
	switch {
	case val["kind"] != "":
		k, ok := v.kinds[fold(val["kind"])]
		if !ok {
			return invalid("kind", val["kind"])
		}
		c.Kind = k
	case val["given_name"] != "" || val["family_name"] != "":
		c.Kind = Person
	case val["org_type"] != "", val["name"] == "" && val["organisation"] != "":
		c.Kind = Organisation
	default:
		c.Kind = Person
	}
	if val["country"] != "" {
		code, ok := v.countries[fold(val["country"])]
		if !ok {
			return invalid("country", val["country"])
		}
		c.Country = code
	}
	c.City, c.Notes = val["city"], val["notes"]
	c.NameOriginal = val["name_original"]
	switch strings.ToLower(val["opt_out"]) {
	case "", "nē", "ne", "no", "false", "0":
	default:
		c.OptOut = true
	}
	if c.Kind == Person {
		given, family := val["given_name"], val["family_name"]
		if given == "" && family == "" && val["name"] != "" {
			words := strings.Fields(val["name"])
			if len(words) > 1 {
				given, family = strings.Join(words[:len(words)-1], " "), words[len(words)-1]
			} else {
				family = val["name"]
			}
		}
		switch {
		case given == "" && family == "":
			return invalid("no_name")
		case given == "" || family == "":
			return invalid("one_name")
		}
		c.GivenName, c.FamilyName = given, family
		c.Name = PersonName(given, family)
		if len([]rune(c.Name)) > 300 {
			return invalid("too_long", "contacts.import.field.name", "300")
		}
		c.Position = val["position"]
		out.Org = val["organisation"]
		if val["org_type"] != "" {
			if _, ok := v.orgTypes[fold(val["org_type"])]; !ok {
				return invalid("org_type", val["org_type"])
			}
		}
	} else {
		c.Name = val["name"]
		if c.Name == "" {
			c.Name = val["organisation"]
		}
		if c.Name == "" {
			return invalid("no_name")
		}
		c.OrgType = Company
		if val["org_type"] != "" {
			t, ok := v.orgTypes[fold(val["org_type"])]
			if !ok {
				return invalid("org_type", val["org_type"])
			}
			c.OrgType = t
		}
		c.Address = val["address"]
		if w := val["website"]; w != "" {
			if !strings.Contains(w, "://") {
				w = "https://" + w
			}
			if !strings.HasPrefix(w, "http://") && !strings.HasPrefix(w, "https://") || strings.ContainsAny(w, " <>\"") {
				return invalid("website", val["website"])
			}
			c.Website = w
		}
	}
	if c.Kind == Person && val["address"] != "" {
		// A person's address is not kept by the directory; it goes with the notes.
		c.Notes = strings.TrimSpace(c.Notes + "\n" + val["address"])
		if len([]rune(c.Notes)) > 4000 {
			return invalid("too_long", "contacts.import.field.notes", "4000")
		}
	}
	for _, e := range SplitList(val["emails"]) {
		e = NormalizeEmail(strings.TrimPrefix(strings.TrimSpace(e), "mailto:"))
		if e == "" {
			continue
		}
		if !ValidEmail(e) {
			return invalid("email", e)
		}
		if !slices.Contains(c.Emails, e) {
			c.Emails = append(c.Emails, e)
		}
	}
	for _, p := range SplitList(val["phones"]) {
		if strings.TrimSpace(p) == "" {
			continue
		}
		n, ok := NormalizePhone(p)
		if !ok {
			return invalid("phone", strings.TrimSpace(p))
		}
		if !slices.Contains(c.Phones, n) {
			c.Phones = append(c.Phones, n)
		}
	}
	c.Tags = CleanTags(SplitList(val["tags"]))
	switch {
	case len(c.Emails) > 10:
		return invalid("too_many", "contacts.import.field.emails", "10")
	case len(c.Phones) > 10:
		return invalid("too_many", "contacts.import.field.phones", "10")
	case len(c.Tags) > 30:
		return invalid("too_many", "contacts.import.field.tags", "30")
	}
	for _, t := range c.Tags {
		if len([]rune(t)) > 60 {
			return invalid("too_long", "contacts.import.field.tags", "60")
		}
	}
	out.C = c
	return out, Verdict{Verdict: VerdictNew}
}

// fileKey is how two rows of one file are told to be the same contact by
// name: the kind, the folded name and, for a person, the folded
// organisation.
func fileKey(r importedRow) string {
	k := string(r.C.Kind) + "|" + strings.Join(Fold(r.C.Name), " ")
	if r.C.Kind == Person {
		k += "|" + strings.Join(Fold(r.Org), " ")
	}
	return k
}

// inFileDuplicates marks the rows that repeat a row before them in the
// file: the same e-mail or phone (of the same kind), or the same name
// within one organisation (a person's) or among organisations. rows and
// verdicts are in the file's order; only rows still "new" are compared.
func inFileDuplicates(rows []importedRow, verdicts []Verdict, ns []int) {
	seenEmail, seenPhone, seenName := map[string]int{}, map[string]int{}, map[string]int{}
	for i := range rows {
		if verdicts[i].Verdict != VerdictNew {
			continue
		}
		r := rows[i]
		kind := string(r.C.Kind) + "|"
		match, reason := -1, ""
		for _, e := range r.C.Emails {
			if j, ok := seenEmail[kind+e]; ok && match < 0 {
				match, reason = j, "dup_email_row"
			}
		}
		for _, p := range r.C.Phones {
			if j, ok := seenPhone[kind+p]; ok && match < 0 {
				match, reason = j, "dup_phone_row"
			}
		}
		nameKey := fileKey(r)
		if j, ok := seenName[nameKey]; ok && match < 0 && (r.C.Kind == Organisation || r.Org != "") {
			match, reason = j, "dup_name_row"
		}
		if match >= 0 {
			verdicts[i] = Verdict{Verdict: VerdictDuplicate, Reason: reason, MatchRow: ns[match], MatchName: rows[match].C.Name,
				Args: []string{strconv.Itoa(ns[match])}}
			continue
		}
		for _, e := range r.C.Emails {
			seenEmail[kind+e] = i
		}
		for _, p := range r.C.Phones {
			seenPhone[kind+p] = i
		}
		seenName[nameKey] = i
	}
}
