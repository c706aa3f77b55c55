package contacts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoLists are the department's mailing lists: two chosen by hand, two
// saved filters. Smirnovs (on two lists) asked for no mailings, and the
// regional outlets' newsrooms share no address, so the cards show who is
// left out and why.
var demoLists = []struct {
	name, description string
	filter            ListFilter
	orgs, people      []string
}{
	{name: "Reģionālie mediji", description: "Latgales laikraksti, portāli, radio un televīzija: preses relīzes par pilsētas notikumiem.",
		orgs:   []string{"ll", "gorod", "dautkom", "lrt", "radeja"},
		people: []string{"Ivanovs", "Liepiņa", "Petrovs", "Smirnovs", "Vanaga", "Bērziņš"}},
	{name: "Krievvalodīgie mediji", description: "Relīzes krievu valodā.",
		orgs:   []string{"gorod"},
		people: []string{"Ivanovs", "Žukova", "Petrovs", "Smirnovs"}},
	{name: "Nacionālie mediji", description: "Valsts mēroga ziņu portāli, aģentūra un sabiedriskie mediji.",
		orgs:   []string{"lsm", "delfi", "tvnet", "leta"},
		people: []string{"Bērziņa", "Ozoliņš", "Kalniņa", "Krūmiņš"}},
	{name: "Žurnālisti: kultūra", description: "Ielūgumi uz kultūras pasākumiem un izstāžu atklāšanām.",
		filter: ListFilter{Kind: Person, Topic: "culture"}},
	{name: "Sadraudzības pilsētas", description: "Apsveikumi un ielūgumi sadraudzības pilsētām.",
		filter: ListFilter{Tag: "sadraudzība"}},
}

// fillDemoLists adds the demo mailing lists; orgs and people are the
// demo's ids by key and by surname.
func fillDemoLists(ctx context.Context, tx pgx.Tx, now time.Time, orgs, people map[string]int64) error {
	for i, l := range demoLists {
		kind := StaticList
		if !l.filter.Empty() {
			kind = SavedFilter
		}
		at := now.AddDate(0, -len(demoLists)+i, 0)
		var id int64
		if err := tx.QueryRow(ctx, `insert into mailing_lists (name, description, kind, filter, created_at, updated_at)
			values ($1, $2, $3, $4, $5, $5) returning id`, l.name, l.description, kind, l.filter.QueryString(), at).Scan(&id); err != nil {
			return err
		}
		var members []int64
		for _, k := range l.orgs {
			members = append(members, orgs[k])
		}
		for _, k := range l.people {
			members = append(members, people[k])
		}
		if _, err := tx.Exec(ctx, `insert into mailing_list_members (list_id, contact_id, added_at)
			select $1, unnest($2::bigint[]), $3`, id, members, at); err != nil {
			return err
		}
	}
	return nil
}
