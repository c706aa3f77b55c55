package visitors

// WaitFromHistory is the mean wait as the bookings' history gives it, for
// the test that checks both records of the waits agree.
var WaitFromHistory = waitFromHistory
