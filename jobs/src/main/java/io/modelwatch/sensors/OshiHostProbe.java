package io.modelwatch.sensors;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The host's counters through OSHI. Nothing here sleeps: CPU percent and the byte rates are differences
 * between two readings, worked out by {@link SensorSampler}.
 *
 * <p>Disks: the whole disks OSHI lists, less virtual block devices that sit on top of them or in memory
 * (loop, ram, zram, dm-*, md*, sr*, fd*), so LVM or RAID traffic is not counted twice. The disk list is read
 * once; every {@link #DISK_REFRESH} readings it is read again to pick up added disks. Network: every
 * interface except loopback and the usual virtual ones (veth*, docker*, br-*, virbr*, cni*, flannel*, cali*),
 * whose traffic also crosses a physical interface.
 */
final class OshiHostProbe implements HostProbe {
    static final int DISK_REFRESH = 60;
    private static final Pattern VIRTUAL_DISK = Pattern.compile("^(loop|ram|zram|dm-|md|sr|fd).*");
    private static final Pattern VIRTUAL_NET = Pattern.compile("^(lo|veth|docker|br-|virbr|cni|flannel|cali).*");

    private final HardwareAbstractionLayer hal;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private List<HWDiskStore> disks;
    private int readings;

    OshiHostProbe() {
        this.hal = new SystemInfo().getHardware();
        this.cpu = hal.getProcessor();
        this.memory = hal.getMemory();
    }

    @Override
    public HostCounters read() {
        long now = System.currentTimeMillis();
        long mono = System.nanoTime();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        double load1 = cpu.getSystemLoadAverage(1)[0];
        long total = memory.getTotal();
        long available = memory.getAvailable();
        VirtualMemory vm = memory.getVirtualMemory();
        return new HostCounters(now, mono, ticks, load1, total, available, vm.getSwapTotal(), vm.getSwapUsed(),
                readDisks(), readNets());
    }

    private Map<String, long[]> readDisks() {
        if (disks == null || readings++ % DISK_REFRESH == 0) {
            disks = hal.getDiskStores().stream().filter(d -> !VIRTUAL_DISK.matcher(baseName(d.getName())).matches())
                    .toList();
            // getDiskStores() has just read the counters; no update needed this time.
        } else {
            for (HWDiskStore d : disks) d.updateAttributes();
        }
        Map<String, long[]> out = new HashMap<>();
        for (HWDiskStore d : disks) out.put(d.getName(), new long[] {d.getReadBytes(), d.getWriteBytes()});
        return out;
    }

    private Map<String, long[]> readNets() {
        Map<String, long[]> out = new HashMap<>();
        for (NetworkIF n : hal.getNetworkIFs(false)) {
            if (VIRTUAL_NET.matcher(n.getName()).matches()) continue;
            out.put(n.getName(), new long[] {n.getBytesRecv(), n.getBytesSent()});
        }
        return out;
    }

    static String baseName(String device) {
        int slash = device.lastIndexOf('/');
        return slash < 0 ? device : device.substring(slash + 1);
    }
}
