package visitors

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/privacy"
)

// PrivacySource is the visitors' part of a data subject's request: the
// person's bookings (by name, personal code, e-mail or phone), the
// waiting-list entries (by name, e-mail or phone), and, by name alone, as
// they hold nothing else, the tickets of walk-ins and the visitor log's
// entries. What retention removed is no longer found.
func PrivacySource(d Deps) privacy.Source { return privacySource{store: NewStore(d)} }

type privacySource struct{ store *Store }

func (privacySource) Area() string { return "area.visitors" }

// nameMatch is the condition that every word of the lookup ($n) is a word
// of column, in any order, regardless of case and diacritics: the words
// of the name as the GIN indexes of migration 00080 hold them.
func nameMatch(column string, n int) string {
	return fmt.Sprintf(`%[1]s <> '' and regexp_split_to_array(lower(prdesk_unaccent(%[1]s)), '[[:space:]-]+') @>
		regexp_split_to_array(lower(prdesk_unaccent(trim($%[2]d))), '[[:space:]-]+')`, column, n)
}

// keyed runs one query per key the lookup has, each returning ids, and
// gives each id the keys it was found by. conds are the conditions on $1
// for each key the table can be searched by.
func keyed(ctx context.Context, q db.Querier, p privacy.Person, sql string, conds map[privacy.Key]string) (map[int64][]privacy.Key, error) {
	found := map[int64][]privacy.Key{}
	for _, k := range p.Given() {
		cond, ok := conds[k]
		if !ok {
			continue
		}
		var arg any = p.Value(k)
		if k == privacy.ByPhone {
			arg = p.PhoneForms()
		}
		rows, _ := q.Query(ctx, fmt.Sprintf(sql, cond), arg, privacy.Limit+1)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, fmt.Errorf("visitors: privacy lookup by %s: %w", k, err)
		}
		for _, id := range ids {
			found[id] = append(found[id], k)
		}
	}
	return found, nil
}

func idsOf(m map[int64][]privacy.Key) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	return out
}

// Find lists the records newest first, at most privacy.Limit+1.
func (src privacySource) Find(ctx context.Context, q db.Querier, p privacy.Person, full bool) ([]privacy.Record, error) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	var out []privacy.Record

	// Bookings.
	bookings, err := keyed(ctx, q, p, `select id from visit_bookings where %s order by lower(slot) desc, id desc limit $2`,
		map[privacy.Key]string{
			privacy.ByName:  nameMatch("visitor_name", 1),
			privacy.ByCode:  `person_code = $1`,
			privacy.ByEmail: `email <> '' and lower(email) = lower($1)`,
			// The digits, as visit_bookings_phone_digits_idx holds them.
			privacy.ByPhone: `phone <> '' and regexp_replace(phone, '[^0-9]', '', 'g') = any($1)`,
		})
	if err != nil {
		return nil, err
	}
	if len(bookings) > 0 {
		rows, _ := q.Query(ctx, `select `+bookingColumns+`
			from visit_bookings b join visit_officials o on o.id = b.official_id where b.id = any($1)`, idsOf(bookings))
		bs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Booking])
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			r := privacy.Record{
				Kind: t("visitors.privacy.kind_booking"), ID: b.ID, Number: "#" + strconv.FormatInt(b.ID, 10), Date: b.Start,
				Summary: b.Topic, Link: "/visitors/bookings/" + strconv.FormatInt(b.ID, 10), Matched: bookings[b.ID],
				Fields: []privacy.Field{
					{Label: t("visitors.name"), Value: b.VisitorName},
					{Label: t("visitors.person_code"), Value: b.PersonCode},
					{Label: t("visitors.phone"), Value: b.Phone},
					{Label: t("visitors.email"), Value: b.Email},
					{Label: t("visitors.topic"), Value: b.Topic},
					{Label: t("visitors.accessibility"), Value: b.Accessibility},
				},
			}
			if full {
				if r.Sections, err = bookingSections(ctx, q, b); err != nil {
					return nil, err
				}
			}
			out = append(out, r)
		}
	}

	// The waiting list.
	waiting, err := keyed(ctx, q, p, `select id from visit_waitlist where %s order by created_at desc, id desc limit $2`,
		map[privacy.Key]string{
			privacy.ByName:  nameMatch("visitor_name", 1),
			privacy.ByEmail: `email <> '' and lower(email) = lower($1)`,
			privacy.ByPhone: `phone <> '' and regexp_replace(phone, '[^0-9]', '', 'g') = any($1)`,
		})
	if err != nil {
		return nil, err
	}
	if len(waiting) > 0 {
		var id int64
		var at time.Time
		var official, name, phone, email, topic, removed string
		rows, _ := q.Query(ctx, `select w.id, w.created_at, o.name, w.visitor_name, w.phone, w.email, w.topic, w.removed_reason
			from visit_waitlist w join visit_officials o on o.id = w.official_id where w.id = any($1)`, idsOf(waiting))
		_, err := pgx.ForEachRow(rows, []any{&id, &at, &official, &name, &phone, &email, &topic, &removed}, func() error {
			out = append(out, privacy.Record{
				Kind: t("visitors.privacy.kind_waiting"), ID: id, Number: "#" + strconv.FormatInt(id, 10), Date: at,
				Summary: topic, Link: "/visitors/waitlist", Matched: waiting[id],
				Fields: []privacy.Field{
					{Label: t("visitors.name"), Value: name},
					{Label: t("visitors.phone"), Value: phone},
					{Label: t("visitors.email"), Value: email},
					{Label: t("visitors.topic"), Value: topic},
					{Label: t("visitors.privacy.removed_reason"), Value: removed},
				},
				Sections: []privacy.Section{{Title: t("visitors.privacy.kind_waiting"), Fields: []privacy.Field{
					{Label: t("visitors.official"), Value: official},
				}}},
			})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// Walk-ins' tickets and the visitor log hold a name alone.
	if p.Name != "" {
		tickets, err := keyed(ctx, q, p, `select id from visit_queue where walk_in and %s order by checked_in_at desc, id desc limit $2`,
			map[privacy.Key]string{privacy.ByName: nameMatch("visitor_name", 1)})
		if err != nil {
			return nil, err
		}
		if len(tickets) > 0 {
			var id int64
			var at time.Time
			var ticket, official, name, topic, outcome string
			rows, _ := q.Query(ctx, `select t.id, t.checked_in_at, t.ticket, o.name, t.visitor_name, t.topic, t.outcome
				from visit_queue t join visit_officials o on o.id = t.official_id where t.id = any($1)`, idsOf(tickets))
			_, err := pgx.ForEachRow(rows, []any{&id, &at, &ticket, &official, &name, &topic, &outcome}, func() error {
				out = append(out, privacy.Record{
					Kind: t("visitors.privacy.kind_walk_in"), ID: id, Number: ticket, Date: at, Summary: topic,
					Matched: tickets[id],
					Fields: []privacy.Field{
						{Label: t("visitors.name"), Value: name},
						{Label: t("visitors.topic"), Value: topic},
						{Label: t("visitors.privacy.outcome"), Value: outcome},
					},
					Sections: []privacy.Section{{Title: t("visitors.privacy.kind_walk_in"), Fields: []privacy.Field{
						{Label: t("visitors.official"), Value: official},
					}}},
				})
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		visits, err := keyed(ctx, q, p, `select id from visit_log where %s order by came_at desc, id desc limit $2`,
			map[privacy.Key]string{privacy.ByName: nameMatch("person_name", 1)})
		if err != nil {
			return nil, err
		}
		if len(visits) > 0 {
			var id int64
			var at time.Time
			var left *time.Time
			var name, whom, purpose string
			rows, _ := q.Query(ctx, `select l.id, l.came_at, l.left_at, l.person_name, coalesce(o.name, l.whom_unit), l.purpose
				from visit_log l left join visit_officials o on o.id = l.whom_official_id where l.id = any($1)`, idsOf(visits))
			_, err := pgx.ForEachRow(rows, []any{&id, &at, &left, &name, &whom, &purpose}, func() error {
				r := privacy.Record{
					Kind: t("visitors.privacy.kind_log"), ID: id, Number: "#" + strconv.FormatInt(id, 10), Date: at, Summary: purpose,
					Link:    "/visitors/log?day=" + calendar.DateOf(at).Format("2006-01-02"),
					Matched: visits[id],
					Fields: []privacy.Field{
						{Label: t("visitors.name"), Value: name},
						{Label: t("visitors.privacy.purpose"), Value: purpose},
					},
				}
				s := privacy.Section{Title: t("visitors.privacy.kind_log"), Fields: []privacy.Field{
					{Label: t("visitors.privacy.whom"), Value: whom},
				}}
				if left != nil {
					s.Fields = append(s.Fields, privacy.Field{Label: t("visitors.privacy.left_at"), Value: i18n.DateTime(*left)})
				}
				r.Sections = []privacy.Section{s}
				out = append(out, r)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	if !full {
		for i := range out {
			out[i].Sections = nil
		}
	}
	slices.SortStableFunc(out, func(a, b privacy.Record) int { return b.Date.Compare(a.Date) })
	if len(out) > privacy.Limit+1 {
		out = out[:privacy.Limit+1]
	}
	return out, nil
}

// bookingSections are a booking's details, its history, the outcome of
// its visit and the mail sent about it.
func bookingSections(ctx context.Context, q db.Querier, b Booking) ([]privacy.Section, error) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	main := privacy.Section{Title: t("visitors.privacy.kind_booking"), Fields: []privacy.Field{
		{Label: t("visitors.official"), Value: b.OfficialName},
		{Label: t("visitors.time"), Value: i18n.DateTime(b.Start) + "–" + b.End.In(i18n.Riga).Format("15:04")},
		{Label: t("visitors.room"), Value: b.Room},
		{Label: t("visitors.privacy.state"), Value: t("visitors.state_" + string(b.State))},
		{Label: t("visitors.override_reason"), Value: b.OverrideReason},
	}}
	if b.Language != "" {
		main.Fields = append(main.Fields, privacy.Field{Label: t("visitors.language"), Value: t("visitors.lang_" + b.Language)})
	}
	var outcome string
	err := q.QueryRow(ctx, `select outcome from visit_queue where booking_id = $1`, b.ID).Scan(&outcome)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if outcome != "" {
		main.Fields = append(main.Fields, privacy.Field{Label: t("visitors.privacy.outcome"), Value: outcome})
	}
	history := privacy.Section{Title: t("visitors.history")}
	rows, _ := q.Query(ctx, `select at, actor_name, action, note from visit_booking_events where booking_id = $1 order by at, id`, b.ID)
	var at time.Time
	var actor, action, note string
	if _, err := pgx.ForEachRow(rows, []any{&at, &actor, &action, &note}, func() error {
		what := t("visitors.event_" + action)
		if actor != "" {
			what += " — " + actor
		}
		if note != "" {
			what += "\n" + note
		}
		history.Fields = append(history.Fields, privacy.Field{Label: i18n.DateTime(at), Value: what})
		return nil
	}); err != nil {
		return nil, err
	}
	mails := privacy.Section{Title: t("visitors.privacy.mail")}
	rows, _ = q.Query(ctx, `select created_at, to_address, subject from mail_outbox
		where entity = 'booking' and entity_id = $1 order by created_at, id`, strconv.FormatInt(b.ID, 10))
	var to, subject string
	if _, err := pgx.ForEachRow(rows, []any{&at, &to, &subject}, func() error {
		mails.Fields = append(mails.Fields, privacy.Field{Label: i18n.DateTime(at), Value: to + ": " + subject})
		return nil
	}); err != nil {
		return nil, err
	}
	return []privacy.Section{main, history, mails}, nil
}
