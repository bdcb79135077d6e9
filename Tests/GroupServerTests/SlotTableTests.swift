// SlotTableTests: objects get small slots, freed slots are reused, and free or out-of-range slots read as nil.
import GroupServer
import Testing

@Suite("SlotTable")
struct SlotTableTests {
    final class Item {}

    @Test func slotsAreGivenInOrderAndTheLastFreedIsReusedFirst() {
        var table = SlotTable<Item>()
        let items = (0..<4).map { _ in Item() }
        #expect(items.map { table.add($0) } == [0, 1, 2, 3])
        table.remove(1)
        table.remove(3)
        #expect(table.count == 2)
        let again = Item()
        #expect(table.add(again) == 3)
        #expect(table[3] === again)
        #expect(table.add(Item()) == 1)
        #expect(table.add(Item()) == 4)
        #expect(table.count == 5)
    }

    @Test func freeAndOutOfRangeSlotsAreNilAndRemovingThemChangesNothing() {
        var table = SlotTable<Item>()
        let item = Item()
        _ = table.add(item)
        #expect(table[0] === item)
        #expect(table[1] == nil)
        #expect(table[-1] == nil)
        table.remove(5)
        table.remove(-1)
        table.remove(0)
        table.remove(0)
        #expect(table.count == 0)
        #expect(table[0] == nil)
        #expect(table.add(Item()) == 0)
    }
}
