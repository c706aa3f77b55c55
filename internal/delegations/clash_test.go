package delegations_test

import (
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/delegations"
)

func at(h, m int) time.Time { return time.Date(2027, 3, 10, h, m, 0, 0, time.UTC) }

func TestClashes(t *testing.T) {
	const mayor, deputy, staff = 1, 2, 3
	for _, c := range []struct {
		name  string
		items []delegations.Slot
		busy  []delegations.Busy
		want  []delegations.Clash
	}{
		{"nothing", nil, nil, nil},
		{"one item", []delegations.Slot{{ItemID: 1, Start: at(9, 0), End: at(10, 0), Users: []int64{mayor}}}, nil, nil},
		{"the official in two overlapping items",
			[]delegations.Slot{
				{ItemID: 1, Start: at(9, 0), End: at(10, 30), Users: []int64{mayor, staff}},
				{ItemID: 2, Start: at(10, 0), End: at(11, 0), Users: []int64{mayor}},
			}, nil,
			[]delegations.Clash{
				{ItemID: 1, UserID: mayor, Kind: delegations.ClashItem, OtherID: 2, Start: at(10, 0), End: at(11, 0)},
				{ItemID: 2, UserID: mayor, Kind: delegations.ClashItem, OtherID: 1, Start: at(9, 0), End: at(10, 30)},
			}},
		{"one item ends as the next begins",
			[]delegations.Slot{
				{ItemID: 1, Start: at(9, 0), End: at(10, 0), Users: []int64{mayor}},
				{ItemID: 2, Start: at(10, 0), End: at(11, 0), Users: []int64{mayor}},
			}, nil, nil},
		{"overlapping items with different people",
			[]delegations.Slot{
				{ItemID: 1, Start: at(9, 0), End: at(11, 0), Users: []int64{mayor}},
				{ItemID: 2, Start: at(10, 0), End: at(12, 0), Users: []int64{deputy}},
			}, nil, nil},
		{"one item inside another",
			[]delegations.Slot{
				{ItemID: 1, Start: at(9, 0), End: at(17, 0), Users: []int64{deputy}},
				{ItemID: 2, Start: at(12, 0), End: at(13, 0), Users: []int64{deputy, mayor}},
			}, nil,
			[]delegations.Clash{
				{ItemID: 1, UserID: deputy, Kind: delegations.ClashItem, OtherID: 2, Start: at(12, 0), End: at(13, 0)},
				{ItemID: 2, UserID: deputy, Kind: delegations.ClashItem, OtherID: 1, Start: at(9, 0), End: at(17, 0)},
			}},
		{"the official during their own reception hours",
			[]delegations.Slot{{ItemID: 1, Start: at(9, 30), End: at(10, 30), Users: []int64{mayor}}},
			[]delegations.Busy{{UserID: mayor, Start: at(10, 0), End: at(12, 0), What: "Domes ēka, 105. kab."}},
			[]delegations.Clash{{ItemID: 1, UserID: mayor, Kind: delegations.ClashReception, Start: at(10, 0), End: at(12, 0), What: "Domes ēka, 105. kab."}}},
		{"someone else's reception hours",
			[]delegations.Slot{{ItemID: 1, Start: at(9, 30), End: at(10, 30), Users: []int64{mayor}}},
			[]delegations.Busy{{UserID: deputy, Start: at(10, 0), End: at(12, 0)}}, nil},
		{"reception hours after the item",
			[]delegations.Slot{{ItemID: 1, Start: at(9, 0), End: at(10, 0), Users: []int64{mayor}}},
			[]delegations.Busy{{UserID: mayor, Start: at(10, 0), End: at(12, 0)}}, nil},
		{"both at once",
			[]delegations.Slot{
				{ItemID: 1, Start: at(9, 0), End: at(11, 0), Users: []int64{mayor}},
				{ItemID: 2, Start: at(10, 0), End: at(11, 0), Users: []int64{mayor}},
			},
			[]delegations.Busy{{UserID: mayor, Start: at(10, 30), End: at(12, 0)}},
			[]delegations.Clash{
				{ItemID: 1, UserID: mayor, Kind: delegations.ClashItem, OtherID: 2, Start: at(10, 0), End: at(11, 0)},
				{ItemID: 1, UserID: mayor, Kind: delegations.ClashReception, Start: at(10, 30), End: at(12, 0)},
				{ItemID: 2, UserID: mayor, Kind: delegations.ClashItem, OtherID: 1, Start: at(9, 0), End: at(11, 0)},
				{ItemID: 2, UserID: mayor, Kind: delegations.ClashReception, Start: at(10, 30), End: at(12, 0)},
			}},
	} {
		got := delegations.Clashes(c.items, c.busy)
		if len(got) != len(c.want) {
			t.Errorf("%s: %d clashes %+v, want %d", c.name, len(got), got, len(c.want))
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: clash %d is %+v, want %+v", c.name, i, got[i], c.want[i])
			}
		}
	}
}

func TestStatusMachine(t *testing.T) {
	for _, c := range []struct {
		from, to delegations.Status
		ok       bool
	}{
		{delegations.Idea, delegations.Preparing, true},
		{delegations.Idea, delegations.Done, false},
		{delegations.Preparing, delegations.Confirmed, true},
		{delegations.Confirmed, delegations.UnderWay, true},
		{delegations.UnderWay, delegations.Done, true},
		{delegations.UnderWay, delegations.Preparing, false},
		{delegations.Done, delegations.Cancelled, false},
		{delegations.Cancelled, delegations.Idea, true},
		{delegations.Done, delegations.Done, true},
	} {
		if got := delegations.CanMove(c.from, c.to); got != c.ok {
			t.Errorf("%s → %s: %v, want %v", c.from, c.to, got, c.ok)
		}
	}
}
