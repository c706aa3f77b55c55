package contacts

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// PrivacySource is the directory's part of a data subject's request: the
// people of the directory found by name (every word of the lookup a word
// of the name or of the original name, in any order, regardless of case
// and diacritics, in either script), e-mail or phone. The directory holds
// no personal codes, so a lookup by code finds nothing here. Organisations
// are not listed: their addresses are the bodies', not a person's. A
// person merged into another is listed too, as the row still holds what
// was typed. Give it the store the app hands to other areas (d.Store), so
// that the uses are named as the areas registered them.
func PrivacySource(d Deps) privacy.Source {
	s := d.Store
	if s == nil {
		s = NewStore(d)
	}
	return privacySource{store: s}
}

type privacySource struct{ store *Store }

func (privacySource) Area() string { return "area.contacts" }

// privacyNameWords are the conditions that every word of the lookup is a
// whole word of the person's name, each word's alternatives (a Cyrillic
// word's Latin spelling) as arguments after args.
func privacyNameWords(name string, args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	terms := searchTerms(name)
	if len(terms) > MaxSearchWords {
		terms = terms[:MaxSearchWords]
	}
	var q strings.Builder
	for _, alts := range terms {
		// The trigram index on search narrows first (a word's start), then
		// the whole word is checked against the name alone.
		q.WriteString(" and (")
		for i, a := range alts {
			if i > 0 {
				q.WriteString(" or ")
			}
			q.WriteString("c.search like " + arg("% "+a+"%"))
		}
		q.WriteString(") and (")
		for i, a := range alts {
			if i > 0 {
				q.WriteString(" or ")
			}
			q.WriteString("contact_search_words(c.name || ' ' || c.name_original) like " + arg("% "+a+" %"))
		}
		q.WriteString(")")
	}
	return q.String()
}

// privacyPhones are the forms a stored number of the person may have: the
// directory keeps "+" and the digits (NormalizePhone), or the digits alone.
func privacyPhones(p privacy.Person) []string {
	var out []string
	for _, f := range p.PhoneForms() {
		if strings.HasPrefix(f, "00") {
			continue
		}
		out = append(out, "+"+f, f)
	}
	return out
}

// Find lists the people newest first, at most privacy.Limit+1.
func (src privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	found := map[int64][]privacy.Key{}
	limit := privacy.Limit + 1
	for _, k := range p.Given() {
		args := []any{limit}
		var cond string
		switch k {
		case privacy.ByName:
			cond = privacyNameWords(p.Name, &args)
			if cond == "" {
				continue
			}
		case privacy.ByEmail:
			args = append(args, NormalizeEmail(p.Email))
			cond = " and c.emails @> array[$2::text]"
		case privacy.ByPhone:
			args = append(args, privacyPhones(p))
			cond = " and c.phones && $2::text[]"
		default:
			// The directory keeps no personal codes.
			continue
		}
		rows, _ := q.Query(ctx, `select c.id from contacts c where c.kind = 'person'`+cond+`
			order by c.created_at desc, c.id desc limit $1`, args...)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, fmt.Errorf("contacts: privacy lookup by %s: %w", k, err)
		}
		for _, id := range ids {
			found[id] = append(found[id], k)
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	rows, _ := q.Query(ctx, `select `+contactColumns+contactFrom+`where c.id = any($1) order by c.created_at desc, c.id desc limit $2`, ids, limit)
	cs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Contact, error) { return scanContact(r) })
	if err != nil {
		return nil, err
	}
	out := make([]privacy.Record, 0, len(cs))
	for _, c := range cs {
		ms, err := memberships(ctx, q, c)
		if err != nil {
			return nil, err
		}
		r := privacy.Record{
			Kind: i18n.T(ctx, "contacts.privacy.kind"), ID: c.ID, Number: "#" + idStr(c.ID), Date: c.CreatedAt,
			Summary: personSummary(c, ms), Link: contactURL(c.ID), Matched: found[c.ID], Fields: privacyFields(ctx, c),
		}
		if full {
			us, err := uses(ctx, q, c.ID, 500)
			if err != nil {
				return nil, err
			}
			lists, err := listPlaces(ctx, q, c.ID)
			if err != nil {
				return nil, err
			}
			r.Sections = src.privacySections(ctx, c, ms, us, lists)
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b privacy.Record) int { return b.Date.Compare(a.Date) })
	return out, nil
}

// personSummary is the person's position and current organisation.
func personSummary(c Contact, ms []Membership) string {
	var parts []string
	if c.Position != "" {
		parts = append(parts, c.Position)
	}
	for _, m := range ms {
		if m.Current() {
			parts = append(parts, m.OrgName)
			break
		}
	}
	return strings.Join(parts, ", ")
}

// privacyFields are the person's data as the card shows it.
func privacyFields(ctx context.Context, c Contact) []privacy.Field {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	phones := make([]string, len(c.Phones))
	for i, p := range c.Phones {
		phones[i] = phoneText(p)
	}
	fs := []privacy.Field{
		{Label: t("contacts.privacy.name"), Value: c.Name},
		{Label: t("contacts.name_original"), Value: c.NameOriginal},
		{Label: t("contacts.form_of_address"), Value: c.FormOfAddress},
		{Label: t("contacts.position"), Value: c.Position},
		{Label: t("contacts.emails"), Value: strings.Join(c.Emails, ", ")},
		{Label: t("contacts.phones"), Value: strings.Join(phones, ", ")},
		{Label: t("contacts.address"), Value: c.Address},
		{Label: t("contacts.city"), Value: c.City},
		{Label: t("contacts.languages"), Value: labels(ctx, "contacts.language.", c.Languages)},
	}
	if c.PreferredChannel != "" {
		fs = append(fs, privacy.Field{Label: t("contacts.channel"), Value: channelText(ctx, c.PreferredChannel)})
	}
	fs = append(fs,
		privacy.Field{Label: t("contacts.topics"), Value: labels(ctx, "contacts.topic.", c.Topics)},
		privacy.Field{Label: t("contacts.tags"), Value: strings.Join(c.Tags, ", ")},
		privacy.Field{Label: t("contacts.notes"), Value: c.Notes},
		privacy.Field{Label: t("contacts.legal_basis"), Value: basisText(ctx, c)},
		privacy.Field{Label: t("contacts.consent_scope"), Value: c.ConsentScope},
		privacy.Field{Label: t("contacts.source"), Value: c.Source},
	)
	if c.OptOut {
		v := t("contacts.opted_out")
		if c.OptOutAt != nil {
			v += ", " + i18n.Date(*c.OptOutAt)
		}
		fs = append(fs, privacy.Field{Label: t("contacts.mailings"), Value: v})
	}
	if c.MergedInto != nil {
		fs = append(fs, privacy.Field{Label: t("contacts.privacy.merged"), Value: "#" + idStr(*c.MergedInto)})
	}
	return fs
}

// privacySections are the person's memberships and what other areas
// recorded the person took part in, for the export.
// listPlace is a static mailing list a person is on.
type listPlace struct {
	Name     string
	Added    time.Time
	Archived bool
}

// listPlaces are the static mailing lists the contact is on, in the order
// they were put on them (a saved filter holds nobody by name).
func listPlaces(ctx context.Context, q db.Querier, contactID int64) ([]listPlace, error) {
	rows, _ := q.Query(ctx, `
		select l.name, m.added_at, l.archived_at is not null from mailing_list_members m join mailing_lists l on l.id = m.list_id
		where m.contact_id = $1 order by m.added_at, l.id`, contactID)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (listPlace, error) {
		var p listPlace
		err := r.Scan(&p.Name, &p.Added, &p.Archived)
		return p, err
	})
}

func (s *Store) privacySectionsOf(ctx context.Context, c Contact, ms []Membership, us []Use, lists []listPlace) []privacy.Section {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	member := privacy.Section{Title: t("contacts.privacy.memberships")}
	for _, m := range ms {
		v := m.OrgName
		if m.Role != "" {
			v += ", " + m.Role
		}
		if d := periodText(m.StartsOn, m.EndsOn); d != "" {
			v += " (" + d + ")"
		}
		member.Fields = append(member.Fields, privacy.Field{Label: t("contacts.privacy.membership"), Value: v})
	}
	used := privacy.Section{Title: t("contacts.privacy.uses")}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, u := range us {
		what := u.Kind
		if a, ok := s.areas[u.Area]; ok && a.Text != nil {
			what = a.Text(ctx, u.Kind)
		}
		area := u.Area
		if key := "area." + u.Area; i18n.Has(ctx, key) {
			area = i18n.T(ctx, key)
		}
		used.Fields = append(used.Fields, privacy.Field{Label: i18n.DateTime(u.At), Value: area + ": " + what + " (" + u.RecordRef + ")"})
	}
	onLists := privacy.Section{Title: t("contacts.privacy.lists")}
	for _, l := range lists {
		v := l.Name
		if l.Archived {
			v += " (" + t("contacts.privacy.list_archived") + ")"
		}
		onLists.Fields = append(onLists.Fields, privacy.Field{Label: i18n.Date(l.Added), Value: v})
	}
	return []privacy.Section{member, used, onLists}
}

func (src privacySource) privacySections(ctx context.Context, c Contact, ms []Membership, us []Use, lists []listPlace) []privacy.Section {
	return src.store.privacySectionsOf(ctx, c, ms, us, lists)
}

// periodText is a membership's dates, "" when it has none.
func periodText(from, to *time.Time) string {
	switch {
	case from == nil && to == nil:
		return ""
	case to == nil:
		return dateText(from) + "–"
	default:
		return dateText(from) + "–" + dateText(to)
	}
}
