package awards

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

type agendaRow struct {
	ID    int64     `db:"id"`
	Type  string    `db:"type_name"`
	Year  int       `db:"year"`
	Day   time.Time `db:"ceremony_on"`
	Place string    `db:"ceremony_place"`
}

// QueueAgendaItems queues the award ceremonies on the dates of [from, to) of the
// rounds whose commission the official sits on (by account or contact) or
// to which they are a guest (by contact). Contacts are matched as the
// directory has them now, after merges, as the ceremony's guest list reads
// them (guests): a guest or member whose contact was merged into the
// official's, or the official's own contact merged into another, is the
// official. A ceremony has a date and no hour, so it is an all-day item,
// which never clashes.
func QueueAgendaItems(b *pgx.Batch, o agenda.Official, from, to time.Time) agenda.Pending {
	var out []agenda.Item
	if (o.UserID == 0 && o.ContactID == 0) || !from.Before(to) {
		return agenda.Filled(&out)
	}
	first, last := calendar.DateOf(from), calendar.DateOf(to.Add(-time.Nanosecond))
	b.Queue(`
		with oc as (select coalesce(merged_into, id) as id from contacts where id = $2)
		select r.id, t.name as type_name, r.year, r.ceremony_on, r.ceremony_place
		from award_rounds r join award_types t on t.id = r.type_id
		where r.ceremony_on between $3 and $4 and (
			exists (select 1 from award_members m left join contacts mc on mc.id = m.contact_id
			        where m.round_id = r.id and (m.user_id = $1 or coalesce(mc.merged_into, mc.id) = (select id from oc)))
			or exists (select 1 from award_guests g join contacts gc on gc.id = g.contact_id
			           where g.round_id = r.id and coalesce(gc.merged_into, gc.id) = (select id from oc)))
		order by r.ceremony_on, r.id`, o.UserID, o.ContactID, first, last).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, pgx.RowToStructByName[agendaRow])
		for _, r := range list {
			y, m, d := r.Day.Date()
			start := time.Date(y, m, d, 0, 0, 0, 0, i18n.Riga)
			out = append(out, agenda.Item{
				Area: "awards", Kind: agenda.Ceremony, ID: r.ID,
				Title: fmt.Sprintf("%s %d", r.Type, r.Year), Start: start, End: time.Date(y, m, d+1, 0, 0, 0, 0, i18n.Riga),
				AllDay: true, Place: r.Place,
				Href: fmt.Sprintf("/awards/rounds/%d/ceremony", r.ID), Perm: auth.AreaAwards,
			})
		}
		return err
	})
	return agenda.Filled(&out)
}
