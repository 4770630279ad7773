/** The comparison operators both simulated query languages share (OData `$filter`, SData `where`). */
export type OrderOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** Whether `a op b` holds, given `order` = the sign of comparing a with b. */
export function orderHolds(op: OrderOp, order: number): boolean {
  switch (op) {
    case 'eq': return order === 0;
    case 'ne': return order !== 0;
    case 'gt': return order > 0;
    case 'ge': return order >= 0;
    case 'lt': return order < 0;
    case 'le': return order <= 0;
  }
}
