package delegations

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

const itemColumns = `i.id, i.delegation_id, i.starts_at, i.ends_at, i.place, i.activity, i.activity_en, i.responsible_id,
	coalesce((select u.full_name from users u where u.id = i.responsible_id), ''), i.transport,
	coalesce((select array_agg(pp.person_id order by pp.person_id) from delegation_programme_people pp where pp.item_id = i.id), '{}'),
	coalesce((select array_agg(p.user_id order by p.user_id) from delegation_programme_people pp
		join delegation_people p on p.id = pp.person_id where pp.item_id = i.id and p.user_id is not null), '{}'),
	i.version`

func collectItems(rows pgx.Rows, err error) ([]Item, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Item, error) {
		var it Item
		err := row.Scan(&it.ID, &it.DelegationID, &it.StartsAt, &it.EndsAt, &it.Place, &it.Activity, &it.ActivityEn,
			&it.ResponsibleID, &it.Responsible, &it.Transport, &it.PersonIDs, &it.Users, &it.Version)
		return it, err
	})
}

// Programme is the delegation's programme in order of time.
func (s *Store) Programme(ctx context.Context, id int64) ([]Item, error) {
	return collectItems(s.pool.Query(ctx, `select `+itemColumns+` from delegation_programme i
		where i.delegation_id = $1 order by i.starts_at, i.ends_at, i.id`, id))
}

// ProgrammeItem reads one item.
func (s *Store) ProgrammeItem(ctx context.Context, id int64) (Item, error) {
	items, err := collectItems(s.pool.Query(ctx, `select `+itemColumns+` from delegation_programme i where i.id = $1`, id))
	if err == nil && len(items) == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return Item{}, db.NotFound(err, "programme item")
	}
	return items[0], nil
}

func checkedItem(it Item) error {
	if p := it.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// setItemPeople makes the item's people those of ids, each of its
// delegation.
func setItemPeople(ctx context.Context, tx pgx.Tx, it Item) error {
	if _, err := tx.Exec(ctx, `delete from delegation_programme_people where item_id = $1`, it.ID); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `insert into delegation_programme_people (item_id, person_id)
		select $1, p.id from delegation_people p where p.delegation_id = $2 and p.id = any($3)`, it.ID, it.DelegationID, it.PersonIDs)
	if err != nil {
		return err
	}
	if int(tag.RowsAffected()) != len(slices.Compact(slices.Sorted(slices.Values(it.PersonIDs)))) {
		return errs.Field("people", "delegations.programme.people_invalid")
	}
	return nil
}

// AddItem adds an item to the programme of it.DelegationID and returns its id.
func (s *Store) AddItem(ctx context.Context, it Item) (int64, error) {
	if err := checkedItem(it); err != nil {
		return 0, err
	}
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := delegation(ctx, tx, it.DelegationID); err != nil {
			return err
		}
		if it.ResponsibleID != nil {
			if err := isStaff(ctx, tx, *it.ResponsibleID, "responsible_id"); err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `insert into delegation_programme (delegation_id, starts_at, ends_at, place, activity,
				activity_en, responsible_id, transport, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) returning id`,
			it.DelegationID, it.StartsAt, it.EndsAt, it.Place, it.Activity, it.ActivityEn, it.ResponsibleID, it.Transport,
			s.now(), audit.ActorID(ctx)).Scan(&it.ID); err != nil {
			return err
		}
		if err := setItemPeople(ctx, tx, it); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(it.DelegationID, "programme_add", "programmā pievienots punkts #%d", it.ID))
	})
	return it.ID, err
}

// UpdateItem saves an item (it.ID, it.Version as the form was drawn).
func (s *Store) UpdateItem(ctx context.Context, it Item) error {
	if err := checkedItem(it); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if it.ResponsibleID != nil {
			if err := isStaff(ctx, tx, *it.ResponsibleID, "responsible_id"); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `update delegation_programme set starts_at = $3, ends_at = $4, place = $5, activity = $6,
				activity_en = $7, responsible_id = $8, transport = $9, updated_at = $10, version = version + 1
			where id = $1 and version = $2`, it.ID, it.Version, it.StartsAt, it.EndsAt, it.Place, it.Activity, it.ActivityEn,
			it.ResponsibleID, it.Transport, s.now())
		if err := db.Versioned(tag, err); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("activity", "errors.conflict")
			}
			return err
		}
		if err := setItemPeople(ctx, tx, it); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(it.DelegationID, "programme_update", "labots programmas punkts #%d", it.ID))
	})
}

// DeleteItem removes an item from the programme.
func (s *Store) DeleteItem(ctx context.Context, it Item) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `delete from delegation_programme where id = $1 and version = $2`, it.ID, it.Version)
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(it.DelegationID, "programme_delete", "dzēsts programmas punkts #%d", it.ID))
	})
}

// ClashesOf are the clashes an item would have if it were saved as it is:
// it takes its own place in its delegation's programme (a new item, ID 0,
// is added to it), its people's accounts are read, and only its own
// clashes are kept. The programme page asks before saving such an item.
func (s *Store) ClashesOf(ctx context.Context, it Item) ([]Clash, error) {
	programme, err := s.Programme(ctx, it.DelegationID)
	if err != nil {
		return nil, err
	}
	people, err := s.People(ctx, it.DelegationID)
	if err != nil {
		return nil, err
	}
	it.Users = nil
	for _, p := range people {
		if p.UserID != nil && slices.Contains(it.PersonIDs, p.ID) {
			it.Users = append(it.Users, *p.UserID)
		}
	}
	programme = slices.DeleteFunc(programme, func(x Item) bool { return x.ID == it.ID })
	programme = append(programme, it)
	clashes, err := s.ProgrammeClashes(ctx, programme)
	return slices.DeleteFunc(clashes, func(c Clash) bool { return c.ItemID != it.ID }), err
}

// ProgrammeClashes are the warnings about the items of programme (a
// delegation's, in order of time): one of ours in two items at overlapping
// times, of this delegation or another not cancelled, or in an item during
// their own reception hours.
func (s *Store) ProgrammeClashes(ctx context.Context, programme []Item) ([]Clash, error) {
	var users []int64
	var from, to time.Time
	for _, it := range programme {
		users = append(users, it.Users...)
		if from.IsZero() || it.StartsAt.Before(from) {
			from = it.StartsAt
		}
		if it.EndsAt.After(to) {
			to = it.EndsAt
		}
	}
	slices.Sort(users)
	users = slices.Compact(users)
	if len(users) == 0 {
		return nil, nil
	}
	own := map[int64]bool{}
	var slots []Slot
	for _, it := range programme {
		own[it.ID] = true
		slots = append(slots, Slot{ItemID: it.ID, Start: it.StartsAt, End: it.EndsAt, Users: it.Users})
	}
	// Others' items in the same span, found by their start (an item lasts
	// at most MaxItemLength), then those of them our people are in: two
	// index lookups rather than a walk over the people's every item.
	rows, err := s.pool.Query(ctx, `select i.id, i.starts_at, i.ends_at from delegation_programme i
		join delegations d on d.id = i.delegation_id and d.status <> 'cancelled'
		where i.starts_at < $2 and i.starts_at > $1::timestamptz - interval '24 hours' and i.ends_at > $1 and i.delegation_id <> $3`,
		from, to, programme[0].DelegationID)
	window, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Slot, error) {
		var sl Slot
		err := row.Scan(&sl.ItemID, &sl.Start, &sl.End)
		return sl, err
	})
	if err != nil {
		return nil, err
	}
	var others []Slot
	if len(window) > 0 {
		ids := make([]int64, len(window))
		for i, sl := range window {
			ids[i] = sl.ItemID
		}
		rows, err := s.pool.Query(ctx, `select pp.item_id, array_agg(distinct p.user_id) from delegation_programme_people pp
			join delegation_people p on p.id = pp.person_id
			where pp.item_id = any($1) and p.user_id = any($2) group by pp.item_id`, ids, users)
		if err != nil {
			return nil, err
		}
		who := map[int64][]int64{}
		var item int64
		var us []int64
		if _, err := pgx.ForEachRow(rows, []any{&item, &us}, func() error { who[item] = slices.Clone(us); return nil }); err != nil {
			return nil, err
		}
		for _, sl := range window {
			if u := who[sl.ItemID]; len(u) > 0 {
				sl.Users = u
				others = append(others, sl)
			}
		}
	}
	slots = append(slots, others...)
	var busy []Busy
	if s.busy != nil {
		if busy, err = s.busy.BusyTimes(ctx, users, from, to); err != nil {
			return nil, err
		}
	}
	var out []Clash
	for _, c := range Clashes(slots, busy) {
		if own[c.ItemID] {
			out = append(out, c)
		}
	}
	return out, nil
}

// OtherItem is another delegation's item a clash names.
type OtherItem struct {
	ID           int64
	DelegationID int64
	Title        string
	Activity     string
}

// OtherItems are the items of ids with their delegations' titles.
func (s *Store) OtherItems(ctx context.Context, ids []int64) (map[int64]OtherItem, error) {
	out := map[int64]OtherItem{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `select i.id, i.delegation_id, d.title, i.activity from delegation_programme i
		join delegations d on d.id = i.delegation_id where i.id = any($1)`, ids)
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (OtherItem, error) {
		var o OtherItem
		err := row.Scan(&o.ID, &o.DelegationID, &o.Title, &o.Activity)
		return o, err
	})
	for _, o := range items {
		out[o.ID] = o
	}
	return out, err
}
