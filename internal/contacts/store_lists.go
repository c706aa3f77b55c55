package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Mailing lists (clause 3.4): a static list holds the people chosen for
// it; a saved filter holds a query of the directory's list and its members
// are found when it is read. Who on them is reachable is decided when read
// (reachSQL), never stored: an opt-out, a new e-mail or a merge counts at
// once, on every page and in every mailing press sends (Recipients).

// ListKind is whether a mailing list holds chosen people or a query.
type ListKind string

const (
	StaticList  ListKind = "static"
	SavedFilter ListKind = "filter"
)

// ListKinds in the order forms show them.
var ListKinds = []ListKind{StaticList, SavedFilter}

// MailingList is one list of the directory.
type MailingList struct {
	ID          int64
	Name        string
	Description string
	Kind        ListKind
	Filter      ListFilter // a saved filter's query
	ArchivedAt  *time.Time
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Archived tells whether the list is out of use.
func (l MailingList) Archived() bool { return l.ArchivedAt != nil }

// filterParams are the parts of a directory query a saved filter keeps
// (not "optout": a list of those who asked for no mail reaches nobody).
var filterParams = []string{"q", "kind", "type", "tag", "country", "topic", "language"}

// QueryString is the filter as the directory's list carries it in its address
// ("type=media&topic=culture"), which is how a saved filter is stored.
func (f ListFilter) QueryString() string {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "kind": string(f.Kind), "type": string(f.OrgType), "tag": f.Tag,
		"country": f.Country, "topic": f.Topic, "language": f.Language} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

// Empty tells whether the filter finds the whole directory.
func (f ListFilter) Empty() bool { return f.QueryString() == "" }

// filterOf reads a stored query (checked when it was saved).
func filterOf(q string) ListFilter {
	v, _ := url.ParseQuery(q)
	return ListFilter{Q: v.Get("q"), Kind: Kind(v.Get("kind")), OrgType: OrgType(v.Get("type")), Tag: v.Get("tag"),
		Country: v.Get("country"), Topic: v.Get("topic"), Language: v.Get("language")}
}

// Reason is why a member of a list gets no mail; "" is reachable.
type Reason string

const (
	Reachable       Reason = ""
	ReasonOptedOut  Reason = "opted_out"  // asked for no mailings
	ReasonInactive  Reason = "inactive"   // an organisation that closed
	ReasonNoEmail   Reason = "no_email"   // no address to write to
	ReasonSameEmail Reason = "same_email" // the address is another recipient's, who gets the mail
)

// Reasons in the order pages list them.
var Reasons = []Reason{ReasonOptedOut, ReasonNoEmail, ReasonSameEmail, ReasonInactive}

// Reach is who on a list (or several combined) a mailing reaches.
type Reach struct {
	Members   int            // different contacts, after merges
	Reachable int            // of them, those who get the mail
	Left      map[Reason]int // the others, by why
	// Repeated is how many places on the lists were the same contact
	// again: a person on two of the lists combined counts once.
	Repeated int
}

// LeftOut is how many members get no mail.
func (r Reach) LeftOut() int { return r.Members - r.Reachable }

// Recipient is one contact of a RecipientSet: one entry a contact,
// whatever the lists it is on.
type Recipient struct {
	ContactID int64
	Kind      Kind
	Name      string
	Email     string // the address the mail goes to: the contact's first
	Places    int    // how many of the lists (and the people picked) named it
	Reason    Reason // Reachable, or why it is left out
	SameAs    int64  // for ReasonSameEmail: the recipient who has the address
}

// RecipientSet is who a mailing to lists (and people picked one by one)
// reaches, and who it leaves out, with why.
type RecipientSet struct {
	Recipients []Recipient // in the directory's order
	LeftOut    []Recipient
	Reach      Reach
}

// memberColumns are a member's row in reachSQL, read from c, the contact
// after merges: id, kind, name, sort key, address, and why it gets no mail
// ("" when it does).
const memberColumns = `c.id, c.kind, c.name, c.sort_key, coalesce(c.emails[1], ''),
		case when c.opt_out then 'opted_out' when not c.active then 'inactive'
		     when cardinality(c.emails) = 0 then 'no_email' else '' end`

// listSource is SQL giving the members of the lists and people given (one
// row a place, memberColumns; a merged record as the one it was merged
// into); its values are appended to args. Each part reads its contacts
// once: a saved filter of 25 000 people joined back to the directory twice
// took a second.
func listSource(lists []MailingList, people []int64, args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	var parts []string
	var static []int64
	for _, l := range lists {
		if l.Kind == SavedFilter {
			q := query{args: *args}
			q.WriteString("select " + memberColumns + " from contacts c where c.merged_into is null")
			l.Filter.where(&q)
			*args = q.args
			parts = append(parts, q.String())
			continue
		}
		static = append(static, l.ID)
	}
	const merged = " join contacts c on c.id = coalesce(d.merged_into, d.id)"
	if len(static) > 0 {
		// Each list's rows: one on two of them is two places.
		parts = append(parts, "select "+memberColumns+" from mailing_list_members lm join contacts d on d.id = lm.contact_id"+
			merged+" where lm.list_id = any("+arg(static)+")")
	}
	if len(people) > 0 {
		parts = append(parts, "select "+memberColumns+" from unnest("+arg(people)+"::bigint[]) p(id) join contacts d on d.id = p.id"+merged)
	}
	if len(parts) == 0 {
		return "select " + memberColumns + " from contacts c where false"
	}
	return strings.Join(parts, " union all ")
}

// reachSQL is a query over the members of source (listSource), one row a
// contact: id, kind, name, sort key, address, places, reason, same_as. An
// address shared by two reachable contacts goes to the one entered in the
// directory first (the lowest id: no collated sort over a large saved
// filter); the other is left out (same_email).
func reachSQL(source string) string {
	return `
		with src(id, kind, name, sort_key, email, reason) as (` + source + `),
		r as (
		    select id, kind, name, sort_key, email, reason, count(*) places
		    from src group by id, kind, name, sort_key, email, reason),
		e as (
		    select email, min(id) first_id from r where reason = '' group by email),
		x as (
		    select r.id, r.kind, r.name, r.sort_key, r.email, r.places::int places,
		           case when e.first_id <> r.id then 'same_email' else r.reason end reason,
		           case when e.first_id <> r.id then e.first_id else 0 end same_as
		    from r left join e on r.reason = '' and e.email = r.email)`
}

func scanRecipient(r pgx.CollectableRow) (Recipient, error) {
	var x Recipient
	var sortKey string
	err := r.Scan(&x.ContactID, &x.Kind, &x.Name, &sortKey, &x.Email, &x.Places, &x.Reason, &x.SameAs)
	return x, err
}

// reachOf counts who the lists and people reach.
func reachOf(ctx context.Context, q db.Querier, lists []MailingList, people []int64) (Reach, error) {
	args := []any{}
	sql := reachSQL(listSource(lists, people, &args)) + ` select reason, count(*)::int, coalesce(sum(places - 1), 0)::int from x group by reason`
	rows, _ := q.Query(ctx, sql, args...)
	reach := Reach{Left: map[Reason]int{}}
	var reason Reason
	var n, repeated int
	_, err := pgx.ForEachRow(rows, []any{&reason, &n, &repeated}, func() error {
		reach.Members += n
		reach.Repeated += repeated
		if reason == Reachable {
			reach.Reachable = n
		} else {
			reach.Left[reason] = n
		}
		return nil
	})
	return reach, err
}

// Recipients is who a mailing to the lists and the people picked one by
// one reaches: one entry a contact (a person on two lists, or picked and
// on a list, once; a merged record as the one it was merged into; an
// address two contacts share, once), and every member left out with why.
// Press calls it when it sends; archived lists are refused (errs.Invalid),
// a list that does not exist is errs.NotFound.
func (s *Store) Recipients(ctx context.Context, listIDs []int64, personIDs []int64) (RecipientSet, error) {
	var set RecipientSet
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) (err error) {
		set, err = RecipientsTx(ctx, tx, listIDs, personIDs)
		return err
	})
	return set, err
}

// RecipientsTx is Recipients read through the caller's transaction: the
// one that queues the mail, so that an opt-out committed before it is
// respected and one committed after it waits for the next mailing.
func RecipientsTx(ctx context.Context, q db.Querier, listIDs []int64, personIDs []int64) (RecipientSet, error) {
	lists, err := listsByID(ctx, q, listIDs)
	if err != nil {
		return RecipientSet{}, err
	}
	for _, l := range lists {
		if l.Archived() {
			return RecipientSet{}, fmt.Errorf("contacts: mailing list %d is archived: %w", l.ID, errs.Invalid)
		}
	}
	return recipients(ctx, q, lists, personIDs)
}

func recipients(ctx context.Context, q db.Querier, lists []MailingList, people []int64) (RecipientSet, error) {
	args := []any{}
	rows, _ := q.Query(ctx, reachSQL(listSource(lists, people, &args))+` select * from x order by sort_key, id`, args...)
	all, err := pgx.CollectRows(rows, scanRecipient)
	if err != nil {
		return RecipientSet{}, err
	}
	set := RecipientSet{Reach: Reach{Members: len(all), Left: map[Reason]int{}}}
	for _, r := range all {
		set.Reach.Repeated += r.Places - 1
		if r.Reason == Reachable {
			set.Recipients = append(set.Recipients, r)
			continue
		}
		set.LeftOut = append(set.LeftOut, r)
		set.Reach.Left[r.Reason]++
	}
	set.Reach.Reachable = len(set.Recipients)
	return set, nil
}

const mailingListColumns = `l.id, l.name, l.description, l.kind, l.filter, l.archived_at, l.version, l.created_at, l.updated_at`

func scanList(row pgx.Row) (MailingList, error) {
	var l MailingList
	var filter string
	err := row.Scan(&l.ID, &l.Name, &l.Description, &l.Kind, &filter, &l.ArchivedAt, &l.Version, &l.CreatedAt, &l.UpdatedAt)
	l.Filter = filterOf(filter)
	return l, err
}

func listByID(ctx context.Context, q db.Querier, id int64) (MailingList, error) {
	l, err := scanList(q.QueryRow(ctx, `select `+mailingListColumns+` from mailing_lists l where l.id = $1`, id))
	return l, db.NotFound(err, fmt.Sprintf("contacts: mailing list %d", id))
}

// listsByID reads the lists of ids; one missing is errs.NotFound.
func listsByID(ctx context.Context, q db.Querier, ids []int64) ([]MailingList, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, _ := q.Query(ctx, `select `+mailingListColumns+` from mailing_lists l where l.id = any($1) order by l.id`, ids)
	lists, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MailingList, error) { return scanList(r) })
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		found := false
		for _, l := range lists {
			found = found || l.ID == id
		}
		if !found {
			return nil, fmt.Errorf("contacts: mailing list %d: %w", id, errs.NotFound)
		}
	}
	return lists, nil
}

// GetList reads one mailing list.
func (s *Store) GetList(ctx context.Context, id int64) (MailingList, error) {
	return listByID(ctx, s.pool, id)
}

// ListLine is a line of the page of mailing lists.
type ListLine struct {
	MailingList
	Reach Reach
}

// MailingLists reads the lists in use (or the archived ones), by name, each
// with who it reaches.
func (s *Store) MailingLists(ctx context.Context, archived bool) ([]ListLine, error) {
	var out []ListLine
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `select `+mailingListColumns+` from mailing_lists l
			where (l.archived_at is not null) = $1 order by l.name collate "lv-x-icu", l.id limit 500`, archived)
		lists, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MailingList, error) { return scanList(r) })
		if err != nil {
			return err
		}
		for _, l := range lists {
			reach, err := reachOf(ctx, tx, []MailingList{l}, nil)
			if err != nil {
				return err
			}
			out = append(out, ListLine{MailingList: l, Reach: reach})
		}
		return nil
	})
	return out, err
}

// CombinedReach is who the lists of ids reach together.
func (s *Store) CombinedReach(ctx context.Context, ids []int64) ([]MailingList, Reach, error) {
	var lists []MailingList
	var reach Reach
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) (err error) {
		if lists, err = listsByID(ctx, tx, ids); err != nil {
			return err
		}
		reach, err = reachOf(ctx, tx, lists, nil)
		return err
	})
	return lists, reach, err
}

// StaticLists are the static lists in use, by name, for a form that adds
// people to one.
func (s *Store) StaticLists(ctx context.Context) ([]MailingList, error) {
	rows, _ := s.pool.Query(ctx, `select `+mailingListColumns+` from mailing_lists l
		where l.kind = 'static' and l.archived_at is null order by l.name collate "lv-x-icu", l.id limit 500`)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (MailingList, error) { return scanList(r) })
}

// ListsOf are the static lists a contact is on, by name.
func (s *Store) ListsOf(ctx context.Context, contactID int64) ([]MailingList, error) {
	rows, _ := s.pool.Query(ctx, `select `+mailingListColumns+` from mailing_lists l join mailing_list_members m on m.list_id = l.id
		where m.contact_id = $1 order by l.archived_at is not null, l.name collate "lv-x-icu", l.id`, contactID)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (MailingList, error) { return scanList(r) })
}

// ListCard is what a mailing list's card shows besides its members.
type ListCard struct {
	List    MailingList
	Reach   Reach
	History []HistoryLine
}

// OpenList reads a list's card: the list, who it reaches, and its history.
func (s *Store) OpenList(ctx context.Context, id int64) (ListCard, error) {
	var card ListCard
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) (err error) {
		if card.List, err = listByID(ctx, tx, id); err != nil {
			return err
		}
		if card.Reach, err = reachOf(ctx, tx, []MailingList{card.List}, nil); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `
			select a.created_at, a.actor_name, a.action, a.summary from audit_log a
			where a.entity = 'mailing_list' and a.entity_id = $1 order by a.id desc limit 100`, idStr(id))
		card.History, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (HistoryLine, error) {
			var h HistoryLine
			err := r.Scan(&h.At, &h.Actor, &h.Action, &h.Summary)
			return h, err
		})
		return err
	})
	return card, err
}

// ListMembers reads a page of the list's members in the directory's order
// after the cursor, each with why it is left out (if it is); leftOnly
// reads those left out alone. next is nil on the last page.
func (s *Store) ListMembers(ctx context.Context, l MailingList, leftOnly bool, after *Cursor, limit int) (rows []Recipient, next *Cursor, err error) {
	args := []any{}
	var q strings.Builder
	q.WriteString(reachSQL(listSource([]MailingList{l}, nil, &args)))
	q.WriteString(" select * from x where true")
	if leftOnly {
		q.WriteString(" and reason <> ''")
	}
	if after != nil {
		args = append(args, after.Key, after.ID)
		q.WriteString(" and (sort_key, id) > ($" + strconv.Itoa(len(args)-1) + ", $" + strconv.Itoa(len(args)) + ")")
	}
	args = append(args, limit+1)
	q.WriteString(" order by sort_key, id limit $" + strconv.Itoa(len(args)))
	r, _ := s.pool.Query(ctx, q.String(), args...)
	var keys []string
	rows, err = pgx.CollectRows(r, func(r pgx.CollectableRow) (Recipient, error) {
		var x Recipient
		var key string
		err := r.Scan(&x.ContactID, &x.Kind, &x.Name, &key, &x.Email, &x.Places, &x.Reason, &x.SameAs)
		keys = append(keys, key)
		return x, err
	})
	if err != nil {
		return nil, nil, err
	}
	if len(rows) > limit {
		rows = rows[:limit]
		next = &Cursor{Key: keys[limit-1], ID: rows[limit-1].ContactID}
	}
	return rows, next, nil
}

// listRefusal turns the database's refusals of a list into refusals beside
// a field.
func listRefusal(err error) error {
	if db.IsUnique(err, "mailing_lists_name_idx") {
		return errs.Field("name", "contacts.lists.err_name_taken")
	}
	return err
}

// ErrDuplicateListKey is a list form that was already saved.
var ErrDuplicateListKey = fmt.Errorf("contacts: list form already saved: %w", errs.Conflict)

// ListByIdempotencyKey finds the list a form with key created.
func (s *Store) ListByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from mailing_lists where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "contacts: list idempotency key")
}

// CreateList adds a mailing list; key is the form's idempotency key: a
// second post of the same form returns the first one's id.
func (s *Store) CreateList(ctx context.Context, l MailingList, key string) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		filter := ""
		if l.Kind == SavedFilter {
			filter = l.Filter.QueryString()
		}
		var keyArg *string
		if key != "" {
			keyArg = &key
		}
		err := tx.QueryRow(ctx, `
			insert into mailing_lists (name, description, kind, filter, idempotency_key, created_by, created_at, updated_at)
			values ($1, $2, $3, $4, $5, $6, $7, $7)
			on conflict (idempotency_key) do nothing returning id`,
			l.Name, l.Description, l.Kind, filter, keyArg, audit.ActorID(ctx), s.now()).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrDuplicateListKey
		}
		if err != nil {
			return err
		}
		e := entry("mailing_list", id, "create", "Adresātu saraksts #%d izveidots", id)
		e.Details = map[string]any{"name": l.Name, "kind": l.Kind, "filter": filter}
		return audit.Record(ctx, tx, e)
	})
	if errors.Is(err, ErrDuplicateListKey) {
		return s.ListByIdempotencyKey(ctx, key)
	}
	return id, listRefusal(err)
}

// UpdateList saves a list's name, description and (a saved filter's)
// query if l.Version is still the stored one; its kind stays.
func (s *Store) UpdateList(ctx context.Context, l MailingList) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := listByID(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		filter := ""
		if old.Kind == SavedFilter {
			filter = l.Filter.QueryString()
		}
		err = db.Versioned(tx.Exec(ctx, `
			update mailing_lists set name = $2, description = $3, filter = $4, version = version + 1, updated_at = $6
			where id = $1 and version = $5`, l.ID, l.Name, l.Description, filter, l.Version, s.now()))
		if err != nil {
			return staleAt("name", err)
		}
		e := entry("mailing_list", l.ID, "update", "Adresātu saraksts #%d labots", l.ID)
		e.Details = audit.Diff([][3]any{{"name", old.Name, l.Name}, {"description", old.Description, l.Description},
			{"filter", old.Filter.QueryString(), filter}})
		return audit.Record(ctx, tx, e)
	})
	return listRefusal(err)
}

// ArchiveList takes a list out of use (archive) or back into it; a stale
// version is a conflict. The list and its members stay: press's mailings
// name it.
func (s *Store) ArchiveList(ctx context.Context, id int64, version int, archive bool) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := listByID(ctx, tx, id); err != nil {
			return err
		}
		if err := db.Versioned(tx.Exec(ctx, `
			update mailing_lists set archived_at = case when $3 then $4::timestamptz end, version = version + 1, updated_at = $4
			where id = $1 and version = $2 and (archived_at is null) = $3`, id, version, archive, s.now())); err != nil {
			return err
		}
		if archive {
			return audit.Record(ctx, tx, entry("mailing_list", id, "archive", "Adresātu saraksts #%d arhivēts", id))
		}
		return audit.Record(ctx, tx, entry("mailing_list", id, "restore", "Adresātu saraksts #%d atjaunots", id))
	})
	if db.IsUnique(err, "mailing_lists_name_idx") {
		return fmt.Errorf("contacts: list %d: a list in use has its name: %w", id, errs.Conflict)
	}
	return err
}

// staticList reads a static list in use for a change of its members, locked.
func staticList(ctx context.Context, tx pgx.Tx, id int64) error {
	var kind ListKind
	var archived bool
	err := tx.QueryRow(ctx, `select kind, archived_at is not null from mailing_lists where id = $1 for update`, id).Scan(&kind, &archived)
	if err != nil {
		return db.NotFound(err, fmt.Sprintf("contacts: mailing list %d", id))
	}
	if kind != StaticList || archived {
		return errs.Field("member", "contacts.lists.err_not_static")
	}
	return nil
}

// AddListMember puts a contact on a static list; added is false when it
// was on it already.
func (s *Store) AddListMember(ctx context.Context, listID, contactID int64) (added bool, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := staticList(ctx, tx, listID); err != nil {
			return err
		}
		var ok bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from contacts where id = $1 and merged_into is null)`, contactID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return errs.Field("member", "contacts.lookup.err_unknown")
		}
		tag, err := tx.Exec(ctx, `insert into mailing_list_members (list_id, contact_id, added_by, added_at) values ($1, $2, $3, $4)
			on conflict do nothing`, listID, contactID, audit.ActorID(ctx), s.now())
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		added = true
		e := entry("mailing_list", listID, "member_add", "Adresātu sarakstam #%d pievienots kontakts #%d", listID, contactID)
		e.Details = map[string]any{"contact": contactID}
		return audit.Record(ctx, tx, e)
	})
	return added, err
}

// MaxBulkAdd is the most contacts one "add all found" puts on a list.
const MaxBulkAdd = 5000

// AddFoundToList puts every contact the directory's filter finds on a
// static list (those on it already stay once); n is how many were added.
// A filter finding more than MaxBulkAdd is refused, and nothing is added.
func (s *Store) AddFoundToList(ctx context.Context, listID int64, f ListFilter) (n int, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := staticList(ctx, tx, listID); err != nil {
			return errs.Field("list", "contacts.lists.err_not_static")
		}
		q := query{args: []any{listID, audit.ActorID(ctx), s.now()}}
		q.WriteString(`with found as (select c.id from contacts c where c.merged_into is null`)
		f.where(&q)
		q.WriteString(` limit ` + q.arg(MaxBulkAdd+1) + `),
			ins as (insert into mailing_list_members (list_id, contact_id, added_by, added_at)
			        select $1, id, $2, $3 from found where (select count(*) from found) <= ` + strconv.Itoa(MaxBulkAdd) + `
			        on conflict do nothing returning 1)
			select (select count(*) from found), (select count(*) from ins)`)
		var found int
		if err := tx.QueryRow(ctx, q.String(), q.args...).Scan(&found, &n); err != nil {
			return err
		}
		if found > MaxBulkAdd {
			return errs.Field("list", "contacts.lists.err_too_many", i18n.Number(MaxBulkAdd))
		}
		e := entry("mailing_list", listID, "member_add", "Adresātu sarakstam #%d pievienoti %d kontakti no direktorija filtra", listID, n)
		e.Details = map[string]any{"filter": f.QueryString(), "found": found, "added": n}
		return audit.Record(ctx, tx, e)
	})
	return n, err
}

// RemoveListMember takes a contact off a static list.
func (s *Store) RemoveListMember(ctx context.Context, listID, contactID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := staticList(ctx, tx, listID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `delete from mailing_list_members where list_id = $1 and contact_id = $2`, listID, contactID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("contacts: %d is not on list %d: %w", contactID, listID, errs.NotFound)
		}
		e := entry("mailing_list", listID, "member_remove", "No adresātu saraksta #%d izņemts kontakts #%d", listID, contactID)
		e.Details = map[string]any{"contact": contactID}
		return audit.Record(ctx, tx, e)
	})
}

// ExportList gives the list's reachable members for a CSV or spreadsheet,
// with the export's audit entry.
func (s *Store) ExportList(ctx context.Context, id int64, format string) (MailingList, []Recipient, error) {
	var l MailingList
	var set RecipientSet
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) (err error) {
		if l, err = listByID(ctx, tx, id); err != nil {
			return err
		}
		if set, err = recipients(ctx, tx, []MailingList{l}, nil); err != nil {
			return err
		}
		e := entry("mailing_list", id, "export", "Adresātu saraksta #%d sasniedzamie kontakti eksportēti (%s, %d)", id, format, len(set.Recipients))
		e.Details = map[string]any{"format": format, "rows": len(set.Recipients)}
		return audit.Record(ctx, tx, e)
	})
	return l, set.Recipients, err
}

// moveListMembers moves drop's places on mailing lists to keep (once each:
// a list with both keeps one row).
func moveListMembers(ctx context.Context, tx pgx.Tx, keep, drop int64) error {
	if _, err := tx.Exec(ctx, `
		insert into mailing_list_members (list_id, contact_id, added_at, added_by)
		select list_id, $1, added_at, added_by from mailing_list_members where contact_id = $2
		on conflict do nothing`, keep, drop); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `delete from mailing_list_members where contact_id = $1`, drop)
	return err
}
