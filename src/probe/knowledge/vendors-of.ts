// The vendors a result's findings name, as their data entries.
import type { Result } from '../../vocabulary/types';
import { vendorByName, type Vendor } from './vendors';

export function vendorsOf(r: Result): Vendor[] {
  return r.findings.flatMap((f) => {
    const v = f.startsWith('vendor:') ? vendorByName(f.slice('vendor:'.length)) : undefined;
    return v === undefined ? [] : [v];
  });
}
