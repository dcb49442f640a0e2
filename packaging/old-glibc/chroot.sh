# Sourced by build-python.sh and try-on-bullseye.sh (root): a chroot made once and reused, with /proc and /dev
# bound into it for the run and this host's DNS.

# bootstrap_chroot DIR RELEASE MIRROR KEYRING COMPONENTS: debootstrap RELEASE into DIR unless done before (the
# archive's Release file checked against KEYRING)
bootstrap_chroot() {
  local dir="$1" release="$2" mirror="$3" keyring="$4" components="$5"
  if [ ! -f "$dir/.cwdc-bootstrapped" ]; then
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    nice -n 10 debootstrap --keyring "$keyring" --variant=minbase --components="$components" "$release" "$dir" "$mirror"
    touch "$dir/.cwdc-bootstrapped"
  fi
}

_chroot_mounts=()
_unmount_chroot() {
  local i
  for ((i = ${#_chroot_mounts[@]} - 1; i >= 0; i--)); do
    umount "${_chroot_mounts[$i]}" 2>/dev/null || umount -l "${_chroot_mounts[$i]}"
  done
}

# enter_chroot DIR: bind /proc and /dev into DIR (unmounted when the script exits) and copy resolv.conf
enter_chroot() {
  local dir="$1" fs
  trap _unmount_chroot EXIT
  for fs in proc dev; do
    mountpoint -q "$dir/$fs" || { mount --bind "/$fs" "$dir/$fs"; _chroot_mounts+=("$dir/$fs"); }
  done
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
}
